package dev.barbiton.examples.bench;

import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_network_init;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_seek_file;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.IOException;
import java.net.URI;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The baseline side of {@code ttff} and {@code seek}: FFmpeg opening the http URL itself ({@code
 * avformat_open_input} on the URL, FFmpeg's own http protocol with its default options, in this
 * JVM), then {@code avformat_find_stream_info}, {@code av_read_frame} and {@code
 * avformat_seek_file}: what a player built on FFmpeg alone does. The deadline ends its network
 * calls through {@link HttpInterrupts}.
 */
final class FfmpegHttpPlayback implements Playback {
  static {
    avformat_network_init(); // optional since FFmpeg 4, harmless: a player calls it once
  }

  private final long interruptId;
  private AVFormatContext format;

  private FfmpegHttpPlayback(AVFormatContext format, long interruptId) {
    this.format = format;
    this.interruptId = interruptId;
  }

  /**
   * Opens {@code uri} and finds its streams.
   *
   * @throws IOException if FFmpeg cannot, the deadline's end included
   */
  static FfmpegHttpPlayback open(URI uri, Deadline deadline) throws IOException {
    AVFormatContext format = avformat_alloc_context();
    if (format == null || format.isNull()) throw new IOException("cannot allocate a format context");
    long id = HttpInterrupts.install(format, deadline);
    int ret = avformat_open_input(format, uri.toString(), (AVInputFormat) null, (AVDictionary) null);
    if (ret < 0) { // FFmpeg freed the context
      HttpInterrupts.release(id);
      throw failure("avformat_open_input " + uri, ret);
    }
    FfmpegHttpPlayback playback = new FfmpegHttpPlayback(format, id);
    ret = avformat_find_stream_info(format, (PointerPointer<?>) null);
    if (ret < 0) {
      playback.close();
      throw failure("avformat_find_stream_info", ret);
    }
    return playback;
  }

  @Override
  public AVFormatContext format() {
    return format;
  }

  @Override
  public boolean readPacket(AVPacket packet) throws IOException {
    int ret = av_read_frame(format, packet);
    if (ret >= 0) return true;
    if (ret == AVERROR_EOF) return false;
    throw failure("av_read_frame", ret);
  }

  @Override
  public void seek(long micros) throws IOException {
    int ret = avformat_seek_file(format, -1, Long.MIN_VALUE, micros, micros, 0);
    if (ret < 0) throw failure("avformat_seek_file", ret);
  }

  @Override
  public void close() {
    if (format == null) return;
    avformat_close_input(format);
    format = null;
    HttpInterrupts.release(interruptId);
  }

  /** {@code call failed: <FFmpeg's error text> (<code>)}. */
  static IOException failure(String call, int ret) {
    BytePointer text = new BytePointer(256);
    try {
      String message = av_strerror(ret, text, 256) == 0 ? text.getString() : "FFmpeg error";
      return new IOException(call + " failed: " + message + " (" + ret + ")");
    } finally {
      text.close();
    }
  }
}
