package dev.barbiton.events;

import static dev.barbiton.events.Checks.nonNegative;
import static dev.barbiton.events.Checks.redacted;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/** What a reader of a progressively downloaded file sees: its phase, length, seeks and reads. */
public sealed interface FileEvent extends Event {

  /** The phases of a file, in the order it normally passes through them. */
  enum Phase {
    /** Nothing is known yet: no length, no bytes. */
    INIT,
    /** The length may be known and bytes are arriving. */
    DOWNLOADING,
    /** Every byte is stored. */
    COMPLETE
  }

  /** The file moved from phase {@code from} to phase {@code to}. */
  record PhaseChanged(EventMeta meta, Phase from, Phase to) implements FileEvent {
    public PhaseChanged {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  /** The file's total length became known. */
  record LengthResolved(EventMeta meta, long length) implements FileEvent {
    public LengthResolved {
      Objects.requireNonNull(meta, "meta");
      nonNegative(length, "length");
    }
  }

  /** A reader moved its position from {@code from} to {@code to}. */
  record ReaderSeek(EventMeta meta, long from, long to) implements FileEvent {
    public ReaderSeek {
      Objects.requireNonNull(meta, "meta");
      nonNegative(from, "from");
      nonNegative(to, "to");
    }
  }

  /** A reader is at {@code position} after reading {@code bytesRead} bytes in total. */
  record ReadProgress(EventMeta meta, long position, long bytesRead) implements FileEvent {
    public ReadProgress {
      Objects.requireNonNull(meta, "meta");
      nonNegative(position, "position");
      nonNegative(bytesRead, "bytesRead");
    }
  }

  /** A reader reached the end of the file at {@code position}. */
  record EndOfStream(EventMeta meta, long position) implements FileEvent {
    public EndOfStream {
      Objects.requireNonNull(meta, "meta");
      nonNegative(position, "position");
    }
  }

  /** A read failed; {@code message} is redacted with {@link Redaction#text(String)}. */
  record Error(EventMeta meta, String message) implements FileEvent {
    public Error {
      Objects.requireNonNull(meta, "meta");
      message = redacted(message, "message");
    }
  }

  /**
   * A fragmented MP4's segment index is ready: {@code provisional} when it comes from a leading
   * {@code sidx} before the download ends, final when built from every {@code moof} at completion.
   */
  record SegmentIndexReady(EventMeta meta, int segments, long durationMillis, boolean provisional)
      implements FileEvent {
    public SegmentIndexReady {
      Objects.requireNonNull(meta, "meta");
      nonNegative(segments, "segments");
      nonNegative(durationMillis, "durationMillis");
    }
  }

  /**
   * The tracks of the file are described: each one's codec string, picture or sample format and
   * timing, read from the file's own index and decoder configuration (see the source's {@code
   * mediaInfo()}). Published when the description first includes its tracks — as soon as the
   * bytes that hold it are cached, wherever they lie (an MP4 {@code moov} at the end arrives
   * with the end) — and once more if it was not yet complete then, when it is (Matroska's Cues
   * and Tags read, a fragmented MP4's fragments indexed).
   *
   * @param container the container, as {@code MediaInfo.Container} names it ({@code MP4})
   * @param codecs the tracks' codec strings, in track order, without repeats
   * @param tracks how many tracks were described
   * @param complete whether everything the file states of its tracks has been read
   */
  record MediaDetailsReady(EventMeta meta, String container, List<String> codecs, int tracks, boolean complete)
      implements FileEvent {
    public MediaDetailsReady {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(container, "container");
      codecs = List.copyOf(codecs);
      nonNegative(tracks, "tracks");
    }
  }

  /**
   * How much of the resource is cached, across every request: what a progress bar shows. Published
   * at most every 200 ms while bytes arrive, and once more when the download finishes.
   *
   * @param bytesCached bytes of the resource in the cache now, from any request or an earlier run
   * @param length the resource's length, once known
   * @param bytesPerSecond what the network brought over the last interval, all requests together
   */
  record Cached(EventMeta meta, long bytesCached, OptionalLong length, double bytesPerSecond) implements FileEvent {
    public Cached {
      Objects.requireNonNull(meta, "meta");
      nonNegative(bytesCached, "bytesCached");
      Objects.requireNonNull(length, "length");
      if (!(bytesPerSecond >= 0)) throw new IllegalArgumentException("bytesPerSecond < 0: " + bytesPerSecond);
    }
  }
}
