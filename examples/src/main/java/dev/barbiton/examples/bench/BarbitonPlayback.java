package dev.barbiton.examples.bench;

import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.avio.AvioDemuxer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;

/**
 * Barbiton's side of {@code ttff} and {@code seek}: {@link FileSource#open} on the URL (the
 * download starts), then {@link AvioDemuxer#open(FileSource)}, which probes, reads the header and
 * finds stream info through the source while it downloads; packets and seeks go through the
 * demuxer.
 *
 * <p>The deadline closes the source from the watchdog's thread: that wakes a read blocked inside
 * FFmpeg (during the open too), and the call in progress throws.
 */
final class BarbitonPlayback implements Playback {
  private final FileSource source;
  private final AvioDemuxer demuxer;
  private final ScheduledFuture<?> expiry;

  private BarbitonPlayback(FileSource source, AvioDemuxer demuxer, ScheduledFuture<?> expiry) {
    this.source = source;
    this.demuxer = demuxer;
    this.expiry = expiry;
  }

  /**
   * Opens {@code uri} with {@code options} (their store decides what is cached already) and a
   * demuxer on it.
   *
   * @throws IOException if the source or the demuxer cannot open, the deadline's end included
   */
  static BarbitonPlayback open(URI uri, FileSourceOptions options, Deadline deadline, ScheduledExecutorService watchdog)
      throws IOException {
    FileSource source = FileSource.open(uri, options);
    ScheduledFuture<?> expiry = watchdog.schedule(source::close, Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
    try {
      return new BarbitonPlayback(source, AvioDemuxer.open(source), expiry);
    } catch (IOException | RuntimeException e) {
      expiry.cancel(false);
      source.close();
      throw e;
    }
  }

  @Override
  public AVFormatContext format() {
    return demuxer.formatContext();
  }

  @Override
  public boolean readPacket(AVPacket packet) throws IOException {
    return demuxer.readPacket(packet);
  }

  @Override
  public void seek(long micros) throws IOException {
    demuxer.seek(Duration.ofNanos(Math.multiplyExact(micros, 1000L)));
  }

  @Override
  public void close() {
    expiry.cancel(false);
    demuxer.close();
    source.close();
  }
}
