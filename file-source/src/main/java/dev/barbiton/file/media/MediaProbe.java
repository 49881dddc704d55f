package dev.barbiton.file.media;

import dev.barbiton.file.media.MediaInfo.Container;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Describes a media file, its tracks included ({@link MediaInfo#tracks()}), from the ranges of it
 * that it asks for: first the head of the file, then whatever the head says the description lies
 * in — the MP4 {@code moov} wherever it is (after an {@code mdat}, at the end), Matroska's Tracks,
 * Cues and Tags where the SeekHead points, more of an MPEG-TS or Annex-B stream until each
 * stream's first parameter sets are in. A caller that downloads supplies each range once its
 * bytes are there, so the details arrive when the bytes do.
 *
 * <pre>{@code
 * MediaProbe probe = new MediaProbe(OptionalLong.of(length));
 * for (Optional<MediaProbe.Range> r; (r = probe.next()).isPresent(); ) {
 *   probe.supply(read(r.get()));   // the range's bytes; fewer only where the file ends
 * }
 * MediaInfo info = probe.info();
 * }</pre>
 *
 * <p>What a caller may rely on: {@link #supply} and {@link #info} never throw for any content
 * (hostile bytes give fewer facts, never an exception); no range asked for is longer than {@link
 * #MAX_RANGE} or lies past a known length; at most {@link #MAX_STEPS} ranges are asked for in all,
 * so a probe always ends. Not thread-safe: one thread at a time.
 */
public final class MediaProbe {
  /** The head asked for first (or the whole file, if shorter). */
  public static final int HEAD_BYTES = 64 << 10;
  /** No range asked for is longer: an index larger than this is not read. */
  public static final int MAX_RANGE = 16 << 20;
  /** The most ranges a probe asks for. */
  public static final int MAX_STEPS = 64;

  private static final Logger log = LoggerFactory.getLogger(MediaProbe.class);

  /**
   * A byte range of the file: {@code length} bytes from {@code offset}.
   *
   * @throws IllegalArgumentException if negative
   */
  public record Range(long offset, long length) {
    public Range {
      if (offset < 0 || length < 0) throw new IllegalArgumentException("offset < 0 or length < 0: " + offset + "+" + length);
    }

    /** One past the range's last byte. */
    public long end() {
      return offset + length;
    }
  }

  /** One container's way through its ranges. */
  interface Plan {
    /** The next range wanted, or null when done. */
    Range next();

    /** The bytes of the range {@link #next} gave (fewer only at the file's end). */
    void supply(Range range, ByteBuffer bytes);

    /** The facts now, starting from what sniffing the head told. */
    MediaInfo info(MediaInfo sniffed);

    /** Whether everything the file states of its tracks was read. */
    boolean complete();
  }

  private final OptionalLong length;
  /** Whether a reader bug propagates (tests and the fuzzer) instead of ending the probe. */
  private final boolean strict;
  private MediaInfo sniffed;
  private Plan plan;
  private Range pending;
  private int steps;
  private boolean done;

  /**
   * A probe of a file of {@code length} bytes (empty if unknown).
   *
   * @throws IllegalArgumentException if the length is negative
   */
  public MediaProbe(OptionalLong length) {
    this(length, false);
  }

  private MediaProbe(OptionalLong length, boolean strict) {
    this.strict = strict;
    this.length = Objects.requireNonNull(length, "length");
    if (length.isPresent() && length.getAsLong() < 0) throw new IllegalArgumentException("length < 0: " + length.getAsLong());
    long head = length.isPresent() ? Math.min(HEAD_BYTES, length.getAsLong()) : HEAD_BYTES;
    pending = new Range(0, head);
    if (head == 0) done = true;
  }

  /**
   * Describes a whole file in memory: every range asked for is cut from {@code file} (position to
   * limit, which are left alone). Never throws for any content.
   */
  public static MediaInfo describe(ByteBuffer file) {
    return describe(file, false);
  }

  /** {@link #describe(ByteBuffer)}; when {@code strict}, without the safety net, so that tests see reader bugs. */
  static MediaInfo describe(ByteBuffer file, boolean strict) {
    ByteBuffer bytes = file.slice();
    MediaProbe probe = new MediaProbe(OptionalLong.of(bytes.remaining()), strict);
    for (Optional<Range> r; (r = probe.next()).isPresent(); ) {
      ByteBuffer part = bytes.duplicate();
      ((Buffer) part).position((int) r.get().offset());
      ((Buffer) part).limit((int) r.get().end());
      probe.supply(part.slice());
    }
    return probe.info();
  }

  /** The range to supply next; empty once the probe is done. */
  public Optional<Range> next() {
    return done ? Optional.empty() : Optional.of(pending);
  }

  /** True once nothing more is wanted. */
  public boolean isDone() {
    return done;
  }

  /**
   * Whether the tracks' details are complete: everything the file states of them was read (an
   * MP4's whole {@code moov}; Matroska's Tracks, and its Cues and Tags if the SeekHead names
   * them; each MPEG-TS stream's first parameter sets). A probe can be done without being complete
   * when a range could not be had or was too large.
   */
  public boolean isComplete() {
    return plan != null && plan.complete();
  }

  /**
   * Takes the bytes of the range {@link #next()} gave, from {@code bytes}' position to its limit
   * (the position is left alone): all of them, or fewer only where the file ends. Never throws
   * for any content.
   *
   * @throws IllegalStateException if the probe is done
   */
  public void supply(ByteBuffer bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (done) throw new IllegalStateException("the probe is done");
    Range range = pending;
    ByteBuffer view = bytes.slice();
    try {
      if (plan == null) {
        sniffed = MediaSniffer.detect(view);
        plan = plan(sniffed.container(), view.remaining() < range.length());
      }
      plan.supply(range, view);
      Range next = plan.next();
      if (next != null && length.isPresent()) {
        long end = Math.min(next.end(), length.getAsLong());
        next = end > next.offset() ? new Range(next.offset(), end - next.offset()) : null;
      }
      steps++;
      if (next == null || steps >= MAX_STEPS || next.length() > MAX_RANGE) {
        done = true;
      } else {
        pending = next;
      }
    } catch (RuntimeException e) {
      if (strict) throw e;
      // A reader bug: the contract says never throw, so report it and keep what is known.
      log.warn("Describing the media failed at {}; keeping what was read", range, e);
      done = true;
    }
  }

  private Plan plan(Container container, boolean wholeFile) {
    switch (container) {
      case MP4: return new Mp4Plan(length);
      case MATROSKA: case WEBM: return new MatroskaPlan();
      case MPEG_TS: case H264: case HEVC: return new StreamPlan(container, length, wholeFile);
      default: return new HeadPlan(container);
    }
  }

  /**
   * The facts read so far: the container, MIME type and brands of the head, and the tracks and
   * their codecs once the ranges that describe them were read. Never throws.
   */
  public MediaInfo info() {
    if (sniffed == null) return MediaInfo.unknown();
    try {
      return plan.info(sniffed);
    } catch (RuntimeException e) {
      if (strict) throw e;
      log.warn("Describing the media failed; reporting what was sniffed", e);
      return sniffed;
    }
  }
}
