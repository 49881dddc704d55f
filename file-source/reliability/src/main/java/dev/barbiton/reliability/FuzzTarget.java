package dev.barbiton.reliability;

import dev.barbiton.file.media.MediaInfo;
import dev.barbiton.file.media.MediaProbe;
import dev.barbiton.file.media.MediaSniffer;
import dev.barbiton.file.avio.AvioDemuxer;
import dev.barbiton.file.avio.AvioException;
import dev.barbiton.file.avio.SimpleDecoder;
import dev.barbiton.assets.RandomAccessSource;
import dev.barbiton.file.mp4.Mp4ParseException;
import dev.barbiton.file.mp4.SegmentIndexer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

/**
 * What the fuzzer feeds each input through: {@link MediaSniffer} and {@link MediaProbe} (both
 * without their safety nets, so a sniffer or track reader bug shows), {@link SegmentIndexer#build}
 * and {@code fromSidx}, and FFmpeg through {@link AvioDemuxer#open(byte[])} and {@link
 * SimpleDecoder}, with a seek to the middle. The only failures allowed are our typed ones ({@link
 * Mp4ParseException}, {@link AvioException}); anything else is a {@link Problem}.
 */
final class FuzzTarget {
  /** An input broke a rule; the message says how. */
  static final class Problem extends Exception {
    Problem(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final Method DETECT = detectMethod();
  private static final Method DESCRIBE = describeMethod();

  private FuzzTarget() {}

  private static Method detectMethod() {
    try {
      Method m = MediaSniffer.class.getDeclaredMethod("detect", ByteBuffer.class);
      m.setAccessible(true);
      return m;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // not reachable here: sniff() with its safety net is all we can call
    }
  }

  private static Method describeMethod() {
    try {
      Method m = MediaProbe.class.getDeclaredMethod("describe", ByteBuffer.class, boolean.class);
      m.setAccessible(true);
      return m;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // not reachable here: describe() with its safety net is all we can call
    }
  }

  /** Runs every stage; returns a short outcome like {@code MP4 tracks=2 index=none avio=decoded}. */
  static String check(byte[] input, int maxFrames) throws Problem {
    String sniffed = sniff(input) + " tracks=" + describe(input);
    String index;
    try {
      boolean built = SegmentIndexer.build(RandomAccessSource.of(input), input.length).isPresent();
      SegmentIndexer.fromSidx(RandomAccessSource.of(input), input.length);
      SegmentIndexer.fromSidx(RandomAccessSource.of(input), input.length / 2);
      index = built ? "index" : "none";
    } catch (Mp4ParseException e) {
      index = "parse-error";
    } catch (Exception | Error e) {
      throw new Problem("SegmentIndexer threw " + e, e);
    }
    return sniffed + " index=" + index + " avio=" + decode(input, maxFrames);
  }

  private static String sniff(byte[] input) throws Problem {
    ByteBuffer first = ByteBuffer.wrap(input, 0, Math.min(input.length, MediaSniffer.SNIFF_BYTES)).slice();
    try {
      MediaInfo info = DETECT != null ? (MediaInfo) DETECT.invoke(null, first) : MediaSniffer.sniff(first);
      MediaSniffer.looksLikeHtml(first);
      return info.container().toString();
    } catch (InvocationTargetException e) {
      throw new Problem("MediaSniffer threw " + e.getCause(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    } catch (RuntimeException | Error e) {
      throw new Problem("MediaSniffer threw " + e, e);
    }
  }

  /** How many tracks the probe describes: {@code 0}, {@code 1}, {@code 2}, {@code 3+}. */
  private static String describe(byte[] input) throws Problem {
    try {
      MediaInfo info = DESCRIBE != null ? (MediaInfo) DESCRIBE.invoke(null, ByteBuffer.wrap(input), true)
          : MediaProbe.describe(ByteBuffer.wrap(input));
      int tracks = info.tracks().size();
      return tracks >= 3 ? "3+" : Integer.toString(tracks);
    } catch (InvocationTargetException e) {
      throw new Problem("MediaProbe threw " + e.getCause(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    } catch (RuntimeException | Error e) {
      throw new Problem("MediaProbe threw " + e, e);
    }
  }

  private static String decode(byte[] input, int maxFrames) throws Problem {
    try (AvioDemuxer demuxer = AvioDemuxer.open(input); SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      for (var stream : demuxer.streams()) {
        Optional<Duration> d = stream.duration();
        if (d.isPresent() && d.get().isNegative()) throw new Problem("stream " + stream.index() + " has a negative duration " + d.get(), null);
      }
      int frames = 0;
      for (Optional<SimpleDecoder.Frame> f; frames < maxFrames && (f = decoder.next()).isPresent(); ) frames++;
      if (demuxer.duration().isPresent()) {
        Duration duration = demuxer.duration().get();
        if (duration.isNegative()) throw new Problem("AvioDemuxer.duration() is negative: " + duration + " (an overflow?)", null);
        decoder.seek(duration.dividedBy(2).toMillis());
        for (int i = 0; i < 5 && decoder.next().isPresent(); i++) frames++;
      }
      return frames > 0 ? "decoded" : "no-frames";
    } catch (AvioException e) {
      return "error:" + e.stage().name();
    } catch (Problem e) {
      throw e;
    } catch (Exception | Error e) {
      throw new Problem("FFmpeg path threw " + e, e);
    }
  }

  /** The outcome's FFmpeg part, for the summary: {@code decoded}, {@code no-frames} or {@code error:STAGE}. */
  static String avioPart(String outcome) {
    return outcome.substring(outcome.indexOf("avio=") + 5);
  }
}
