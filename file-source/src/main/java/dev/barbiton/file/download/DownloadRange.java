package dev.barbiton.file.download;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What part of a file an offline download fetches: all of it, a byte range, or the bytes that
 * play a time range (the container's index says which; see {@link DownloadManager}).
 */
public sealed interface DownloadRange {

  /** The whole file. */
  static DownloadRange whole() {
    return Whole.INSTANCE;
  }

  /**
   * The bytes {@code [start, end)}; an end past the file's length stops at the length.
   *
   * @throws IllegalArgumentException if {@code start < 0} or {@code end <= start}
   */
  static DownloadRange bytes(long start, long end) {
    return new Bytes(start, end);
  }

  /** The bytes that play the first {@code duration} of the file. */
  static DownloadRange first(Duration duration) {
    return new Time(Duration.ZERO, Optional.of(duration));
  }

  /** The bytes that play from {@code from} to {@code to} (empty: to the end). */
  static DownloadRange time(Duration from, Optional<Duration> to) {
    return new Time(from, to);
  }

  /** The whole file. */
  enum Whole implements DownloadRange {
    INSTANCE;

    @Override
    public String toString() {
      return "whole file";
    }
  }

  /** The bytes {@code [start, end)}. */
  record Bytes(long start, long end) implements DownloadRange {
    public Bytes {
      if (start < 0) throw new IllegalArgumentException("start < 0: " + start);
      if (end <= start) throw new IllegalArgumentException("end <= start: " + end + " <= " + start);
    }

    @Override
    public String toString() {
      return "bytes " + start + "-" + (end - 1);
    }
  }

  /**
   * The bytes that play {@code [from, to)} of the file's timeline, plus the header and index a
   * player needs to start there.
   */
  record Time(Duration from, Optional<Duration> to) implements DownloadRange {
    public Time {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (from.isNegative()) throw new IllegalArgumentException("from < 0: " + from);
      if (to.isPresent() && to.get().compareTo(from) <= 0) {
        throw new IllegalArgumentException("to <= from: " + to.get() + " <= " + from);
      }
    }

    @Override
    public String toString() {
      return "time " + seconds(from) + "-" + to.map(Time::seconds).orElse("end") + " s";
    }

    private static String seconds(Duration d) {
      return d.toMillis() % 1000 == 0 ? Long.toString(d.getSeconds()) : Double.toString(d.toMillis() / 1000.0);
    }
  }
}
