package dev.barbiton.file.download;

import dev.barbiton.assets.ByteRanges;
import dev.barbiton.file.FileSourceOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Maps a time range of a file to the byte ranges that play it. */
final class TimeRangePlanner implements AutoCloseable {
  private final URI uri;
  private final FileSourceOptions options;

  TimeRangePlanner(URI uri, FileSourceOptions options) {
    this.uri = uri;
    this.options = options;
  }

  ByteRanges plan(Duration from, Optional<Duration> to) throws IOException {
    throw new TimeRangeException("time ranges are not mapped yet");
  }

  @Override
  public void close() {}
}
