package dev.barbiton.file.avio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_PANIC;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_TRACE;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_VERBOSE;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;

import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.ChildJava;
import dev.barbiton.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** FFmpeg's log through SLF4J: levels, lines built from pieces, and nothing on stderr. */
@Timeout(120)
class FfmpegLogTest {
  @TempDir Path dir;

  @Test
  void eachFfmpegLevel_reachesItsSlf4jLevel() {
    RecordingLogger logger = new RecordingLogger(Level.TRACE);
    FfmpegLog.Lines lines = new FfmpegLog.Lines(logger);
    int[] levels = {AV_LOG_PANIC, AV_LOG_FATAL, AV_LOG_ERROR, AV_LOG_WARNING, AV_LOG_INFO, AV_LOG_VERBOSE,
        AV_LOG_DEBUG, AV_LOG_TRACE, AV_LOG_DEBUG | (134 << 8)};
    for (int level : levels) lines.piece(level, "level " + level + "\n");
    List<Level> seen = logger.entries.stream().map(RecordingLogger.Entry::level).toList();
    assertEquals(List.of(Level.ERROR, Level.ERROR, Level.ERROR, Level.WARN, Level.INFO, Level.DEBUG,
        Level.DEBUG, Level.TRACE, Level.DEBUG), seen, "colour bits ignored");
    assertEquals("level 16", logger.entries.get(2).message());
  }

  @Test
  void piecesWithoutNewline_areJoinedIntoOneLine_atTheMostSevereLevel() {
    RecordingLogger logger = new RecordingLogger(Level.TRACE);
    FfmpegLog.Lines lines = new FfmpegLog.Lines(logger);
    lines.piece(AV_LOG_INFO, "[h264 @ 0x1] ");
    lines.piece(AV_LOG_WARNING, "frame ");
    assertEquals(List.of(), logger.entries, "nothing before the newline");
    lines.piece(AV_LOG_INFO, "42\r\n");
    assertEquals(List.of(new RecordingLogger.Entry(Level.WARN, "[h264 @ 0x1] frame 42")), logger.entries);
  }

  @Test
  void severalLinesInOnePiece_areLoggedOneByOne_emptyLinesDropped() {
    RecordingLogger logger = new RecordingLogger(Level.TRACE);
    FfmpegLog.Lines lines = new FfmpegLog.Lines(logger);
    lines.piece(AV_LOG_ERROR, "first\n\nsecond\nthird, continued");
    lines.piece(AV_LOG_ERROR, " here\n");
    assertEquals(List.of("first", "second", "third, continued here"),
        logger.entries.stream().map(RecordingLogger.Entry::message).toList());
  }

  @Test
  void aPieceWithoutNewlineBeyondTheLimit_isLoggedAsItStands() {
    RecordingLogger logger = new RecordingLogger(Level.TRACE);
    FfmpegLog.Lines lines = new FfmpegLog.Lines(logger);
    char[] chunk = new char[FfmpegLog.MAX_LINE / 2];
    Arrays.fill(chunk, 'x');
    lines.piece(AV_LOG_INFO, new String(chunk));
    assertEquals(0, logger.entries.size());
    lines.piece(AV_LOG_INFO, new String(chunk));
    assertEquals(1, logger.entries.size());
    assertEquals(FfmpegLog.MAX_LINE, logger.entries.get(0).message().length());
    lines.piece(AV_LOG_INFO, "next\n");
    assertEquals("next", logger.entries.get(1).message(), "a fresh line after the flush");
  }

  @Test
  void ffmpegsLevel_letsThroughExactlyWhatTheLoggerEnables() {
    assertEquals(AV_LOG_TRACE, FfmpegLog.ffmpegLevel(new RecordingLogger(Level.TRACE)));
    assertEquals(AV_LOG_DEBUG, FfmpegLog.ffmpegLevel(new RecordingLogger(Level.DEBUG)));
    assertEquals(AV_LOG_INFO, FfmpegLog.ffmpegLevel(new RecordingLogger(Level.INFO)));
    assertEquals(AV_LOG_WARNING, FfmpegLog.ffmpegLevel(new RecordingLogger(Level.WARN)));
    assertEquals(AV_LOG_ERROR, FfmpegLog.ffmpegLevel(new RecordingLogger(Level.ERROR)));
    assertEquals(AV_LOG_QUIET, FfmpegLog.ffmpegLevel(new RecordingLogger(null)));
  }

  @Test
  void onceTheNativesAreLoaded_ffmpegsLevelFollowsTheLogger() {
    AvioCallbacks.live(); // this package's first FFmpeg use installs the log
    assertEquals(FfmpegLog.ffmpegLevel(LoggerFactory.getLogger(FfmpegLog.LOGGER_NAME)), avutil.av_log_get_level());
    assertEquals(avutil.av_log_get_level(), FfmpegLog.updateLevel());
  }

  @Test
  void ffmpegLogsABrokenFile_throughSlf4j_atDebugToo_andWritesNothingToStderr() throws Exception {
    byte[] whole = Files.readAllBytes(SampleMedia.mp4(5, false).cachedIn(TestMedia.dir()));
    Path truncated = dir.resolve("no-moov.mp4");
    Files.write(truncated, Arrays.copyOf(whole, 100_000)); // the moov was at the end
    List<String> jvmArgs = List.of("-Dorg.slf4j.simpleLogger.logFile=System.out",
        "-Dorg.slf4j.simpleLogger.log." + FfmpegLog.LOGGER_NAME + "=debug");
    List<String> out = new ArrayList<>();
    try (ChildJava child = ChildJava.start(FfmpegLogMain.class, jvmArgs, truncated.toString())) {
      for (String line; !(line = child.nextLine(Duration.ofSeconds(60))).equals(ChildJava.EOF); ) out.add(line);
      assertEquals(0, child.await(Duration.ofSeconds(60)), child::stderr);
      assertEquals("", child.stderr(), "FFmpeg printed to stderr");
    }
    String all = String.join("\n", out);
    assertTrue(out.contains("result failed open"), all);
    assertTrue(out.contains("av_log_level " + AV_LOG_DEBUG), all);
    String prefix = "ERROR " + FfmpegLog.LOGGER_NAME + " - [mov,mp4,m4a,3gp,3g2,mj2 @ 0x";
    assertTrue(out.stream().anyMatch(l -> l.contains(prefix) && l.endsWith("] moov atom not found")), all);
    assertTrue(out.stream().anyMatch(l -> l.contains("DEBUG " + FfmpegLog.LOGGER_NAME + " - ")
        && l.contains("Format mov,mp4,m4a,3gp,3g2,mj2 probed with size=")), all);
  }
}
