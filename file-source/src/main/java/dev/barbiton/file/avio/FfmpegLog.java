package dev.barbiton.file.avio;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_TRACE;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;

import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FFmpeg's log ({@code av_log}) through SLF4J, logger {@value #LOGGER_NAME}: PANIC, FATAL and ERROR
 * to error, WARNING to warn, INFO to info, VERBOSE and DEBUG to debug, TRACE to trace. A message is
 * one line as FFmpeg prints it, prefix included ({@code "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x...] moov
 * atom not found"}), without its newline.
 *
 * <p>Installed once, before this package makes any other FFmpeg call ({@link #install()} runs in
 * the static initialisers of the classes that call FFmpeg, and in {@link Ffmpeg#preload()} once
 * avutil is loaded): from then on FFmpeg prints nothing to stderr. FFmpeg's level ({@code
 * av_log_set_level}) follows what the logger enables, so FFmpeg does not even format a message at
 * a disabled level: JavaCPP's native helper behind {@code avutil.setLogCallback} drops messages
 * above {@code av_log_get_level()} before they reach Java.
 *
 * <p>Callback rules: one static, retained {@link LogCallback} (JavaCPP keeps at most 10 live
 * instances per callback class); it may run on any thread, FFmpeg's own decoder threads included,
 * and catches every {@code Throwable} (one escaping into native code aborts the JVM). FFmpeg sends
 * a line in pieces when it builds one from several {@code av_log} calls: pieces are joined per
 * thread until a newline, and a piece of more than {@value #MAX_LINE} characters without one is
 * logged as it stands.
 */
final class FfmpegLog {
  static final String LOGGER_NAME = "dev.barbiton.file.avio.ffmpeg";
  static final int MAX_LINE = 4096;
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);
  private static final ThreadLocal<Lines> LINES = ThreadLocal.withInitial(() -> new Lines(LOG));

  private FfmpegLog() {}

  /** Routes FFmpeg's log to SLF4J, once; loads avutil's natives if they are not yet. */
  static void install() {
    Installed.ensure();
  }

  /** Sets FFmpeg's level to what the logger enables now; returns that level. */
  static int updateLevel() {
    install();
    int level = ffmpegLevel(LOG);
    avutil.av_log_set_level(level);
    return level;
  }

  /** The class whose initialisation installs the callback: the JVM runs it exactly once. */
  private static final class Installed {
    static final Callback CALLBACK;

    static {
      avutil.av_log_set_level(ffmpegLevel(LOG)); // loads avutil; FFmpeg has logged nothing yet
      CALLBACK = new Callback().retainReference();
      avutil.setLogCallback(CALLBACK);
    }

    static void ensure() {}
  }

  /** The one callback: hands each piece to its thread's {@link Lines}. */
  static final class Callback extends LogCallback {
    @Override
    public void call(int level, BytePointer message) {
      try {
        if (message == null || message.isNull()) return;
        LINES.get().piece(level, message.getString(StandardCharsets.UTF_8));
      } catch (Throwable ignored) {
        // Nowhere safe to report it: a log line is lost, the JVM lives.
      }
    }
  }

  /** FFmpeg's level that lets through exactly what {@code logger} enables. */
  static int ffmpegLevel(Logger logger) {
    if (logger.isTraceEnabled()) return AV_LOG_TRACE;
    if (logger.isDebugEnabled()) return AV_LOG_DEBUG; // VERBOSE too
    if (logger.isInfoEnabled()) return AV_LOG_INFO;
    if (logger.isWarnEnabled()) return AV_LOG_WARNING;
    if (logger.isErrorEnabled()) return AV_LOG_ERROR; // PANIC and FATAL too
    return AV_LOG_QUIET;
  }

  /**
   * The pieces of one thread's lines, joined until a newline. Not thread-safe: one per thread.
   * The level of a line is the most severe of its pieces.
   */
  static final class Lines {
    private final Logger logger;
    private final StringBuilder pending = new StringBuilder();
    private int pendingLevel = Integer.MAX_VALUE;

    Lines(Logger logger) {
      this.logger = logger;
    }

    void piece(int level, String text) {
      int from = 0;
      for (int newline; (newline = text.indexOf('\n', from)) >= 0; from = newline + 1) {
        pendingLevel = Math.min(pendingLevel, level);
        pending.append(text, from, newline);
        flush();
      }
      if (from == text.length()) return;
      pendingLevel = Math.min(pendingLevel, level);
      pending.append(text, from, text.length());
      if (pending.length() >= MAX_LINE) flush();
    }

    private void flush() {
      int end = pending.length();
      if (end > 0 && pending.charAt(end - 1) == '\r') end--;
      if (end > 0) log(logger, pendingLevel, pending.substring(0, end));
      pending.setLength(0);
      pendingLevel = Integer.MAX_VALUE;
    }
  }

  /** Logs {@code line} at the SLF4J level of FFmpeg's {@code level}. */
  static void log(Logger logger, int level, String line) {
    // Bits 8 and up of a level may carry a colour (AV_LOG_C): only the low byte is the level.
    int severity = level < 0 ? level : level & 0xff;
    if (severity <= AV_LOG_ERROR) {
      logger.error(line);
    } else if (severity <= AV_LOG_WARNING) {
      logger.warn(line);
    } else if (severity <= AV_LOG_INFO) {
      logger.info(line);
    } else if (severity <= AV_LOG_DEBUG) {
      logger.debug(line);
    } else {
      logger.trace(line);
    }
  }
}
