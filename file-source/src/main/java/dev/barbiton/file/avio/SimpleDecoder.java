package dev.barbiton.file.avio;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_INVALIDDATA;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Decodes the best video stream and the best audio stream of an {@link AvioDemuxer} into frames,
 * in file order: enough for tests, thumbnails and examples, not a player (no clock, no pixel or
 * sample conversion, no frame data handed out).
 *
 * <p>The decoder does not own the demuxer: close both, the decoder first. One thread at a time
 * uses it; {@link #close} waits for a {@link #next} in progress, so to stop a decode blocked on the
 * network, close the demuxer first (from any thread).
 */
public final class SimpleDecoder implements AutoCloseable {
  static {
    FfmpegLog.install(); // before any other FFmpeg call: FFmpeg never prints to stderr
  }

  private static final int EAGAIN = avutil.AVERROR_EAGAIN();

  /**
   * One decoded frame.
   *
   * @param type {@link MediaType#VIDEO} or {@link MediaType#AUDIO}
   * @param streamIndex the stream it came from
   * @param pts FFmpeg's best-effort timestamp, in the stream's time base, when it has one
   * @param ptsMillis the same in milliseconds
   * @param width picture width (video), else 0
   * @param height picture height (video), else 0
   * @param samples samples per channel (audio), else 0
   */
  public record Frame(
      MediaType type, int streamIndex, OptionalLong pts, OptionalLong ptsMillis, int width, int height, int samples) {}

  /** One stream being decoded. Fields guarded by the decoder's lock. */
  private static final class Track {
    final StreamInfo info;
    AVCodecContext codec;
    /** The decoder may have frames to give: call receive before sending more. */
    boolean hasOutput;

    Track(StreamInfo info) {
      this.info = info;
    }
  }

  private final AvioDemuxer demuxer;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Track> tracks;
  private final Track video;
  private final Track audio;
  // Guarded by lock.
  private AVPacket packet;
  private AVFrame frame;
  private boolean demuxEnded;
  private boolean closed;

  private SimpleDecoder(AvioDemuxer demuxer, Track video, Track audio) {
    this.demuxer = demuxer;
    this.video = video;
    this.audio = audio;
    List<Track> list = new ArrayList<>(2);
    if (video != null) list.add(video);
    if (audio != null) list.add(audio);
    this.tracks = List.copyOf(list);
  }

  /**
   * Opens decoders for the best video and the best audio stream ({@code av_find_best_stream}) of
   * {@code demuxer}; a file may lack either, not both.
   *
   * @throws AvioException ({@link AvioException.Stage#OPEN_DECODER}) if there is neither, or a
   *     decoder is missing or refuses the stream; nothing stays allocated
   * @throws IllegalStateException if the demuxer is closed
   */
  public static SimpleDecoder open(AvioDemuxer demuxer) throws AvioException {
    Objects.requireNonNull(demuxer, "demuxer");
    AVFormatContext format = demuxer.formatContext();
    int videoIndex = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
    int audioIndex = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
    if (videoIndex < 0 && audioIndex < 0) {
      throw new AvioException(AvioException.Stage.OPEN_DECODER, videoIndex,
          "no video or audio stream: " + demuxer.streams(), false, null);
    }
    SimpleDecoder decoder = new SimpleDecoder(demuxer,
        videoIndex < 0 ? null : new Track(demuxer.streams().get(videoIndex)),
        audioIndex < 0 ? null : new Track(demuxer.streams().get(audioIndex)));
    try {
      for (Track track : decoder.tracks) track.codec = openCodec(format.streams(track.info.index()), track.info);
      decoder.packet = av_packet_alloc();
      decoder.frame = av_frame_alloc();
      if (decoder.packet == null || decoder.frame == null) {
        throw new AvioException(AvioException.Stage.ALLOCATE, avutil.AVERROR_ENOMEM(),
            "cannot allocate packet and frame", false, null);
      }
      return decoder;
    } catch (Throwable t) {
      decoder.close();
      throw t;
    }
  }

  /** The stream decoded as video, if the file has one. */
  public Optional<StreamInfo> videoStream() {
    return Optional.ofNullable(video).map(t -> t.info);
  }

  /** The stream decoded as audio, if the file has one. */
  public Optional<StreamInfo> audioStream() {
    return Optional.ofNullable(audio).map(t -> t.info);
  }

  /**
   * Decodes the next frame of either stream, in decoding order; empty once the input has ended
   * and both decoders are drained. Packets a decoder calls invalid are skipped.
   *
   * @throws AvioException if reading fails (see {@link AvioDemuxer#readPacket}) or a decoder fails
   * @throws IllegalStateException if this decoder or the demuxer is closed
   */
  public Optional<Frame> next() throws AvioException {
    lock.lock();
    try {
      if (closed) throw new IllegalStateException("decoder is closed");
      while (true) {
        for (Track track : tracks) {
          if (!track.hasOutput) continue;
          int ret = avcodec_receive_frame(track.codec, frame);
          if (ret >= 0) {
            Frame result = describe(track, frame);
            av_frame_unref(frame);
            return Optional.of(result);
          }
          track.hasOutput = false;
          if (ret != EAGAIN && ret != AVERROR_EOF) throw decodeFailure(ret);
        }
        if (demuxEnded) return Optional.empty();
        if (!demuxer.readPacket(packet)) {
          demuxEnded = true;
          for (Track track : tracks) {
            int ret = avcodec_send_packet(track.codec, (AVPacket) null); // enter draining mode
            if (ret < 0 && ret != AVERROR_EOF) throw decodeFailure(ret);
            track.hasOutput = true;
          }
          continue;
        }
        try {
          Track track = trackOf(packet.stream_index());
          if (track == null) continue;
          int ret = avcodec_send_packet(track.codec, packet);
          if (ret < 0 && ret != AVERROR_INVALIDDATA) throw decodeFailure(ret);
          track.hasOutput = true;
        } finally {
          av_packet_unref(packet);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Seeks to the keyframe at or before {@code millis} ms and flushes the decoders: the next frames
   * start there.
   *
   * @throws AvioException if the demuxer cannot seek there
   */
  public void seek(long millis) throws AvioException {
    if (millis < 0) throw new IllegalArgumentException("millis < 0: " + millis);
    lock.lock();
    try {
      if (closed) throw new IllegalStateException("decoder is closed");
      demuxer.seek(Duration.ofMillis(millis));
      for (Track track : tracks) {
        avcodec_flush_buffers(track.codec);
        track.hasOutput = false;
      }
      demuxEnded = false;
    } finally {
      lock.unlock();
    }
  }

  /** Frees the decoders; leaves the demuxer open. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      for (Track track : tracks) {
        if (track.codec != null) avcodec_free_context(track.codec);
        track.codec = null;
      }
      if (packet != null) av_packet_free(packet);
      if (frame != null) av_frame_free(frame);
      packet = null;
      frame = null;
    } finally {
      lock.unlock();
    }
  }

  private Track trackOf(int streamIndex) {
    for (Track track : tracks) {
      if (track.info.index() == streamIndex) return track;
    }
    return null;
  }

  /**
   * An open decoder for {@code stream} (described by {@code info}), with its packet time base set;
   * the caller frees it with {@code avcodec_free_context}. Nothing stays allocated on failure.
   */
  static AVCodecContext openCodec(AVStream stream, StreamInfo info) throws AvioException {
    AVCodec codec = avcodec_find_decoder(info.codecId());
    if (codec == null || codec.isNull()) {
      throw new AvioException(AvioException.Stage.OPEN_DECODER, avutil.AVERROR_DECODER_NOT_FOUND,
          "no decoder for " + info.codecName() + " (stream " + info.index() + ")", false, null);
    }
    AVCodecContext context = avcodec_alloc_context3(codec);
    if (context == null || context.isNull()) {
      throw new AvioException(AvioException.Stage.ALLOCATE, avutil.AVERROR_ENOMEM(),
          "cannot allocate a codec context", false, null);
    }
    int ret = avcodec_parameters_to_context(context, stream.codecpar());
    if (ret >= 0) {
      context.pkt_timebase(stream.time_base());
      ret = avcodec_open2(context, codec, (AVDictionary) null);
    }
    if (ret < 0) {
      avcodec_free_context(context);
      throw new AvioException(AvioException.Stage.OPEN_DECODER, ret,
          info.codecName() + " (stream " + info.index() + "): " + FfmpegErrors.describe(ret), false, null);
    }
    return context;
  }

  private static Frame describe(Track track, AVFrame frame) {
    long ts = frame.best_effort_timestamp();
    if (ts == AV_NOPTS_VALUE) ts = frame.pts();
    StreamInfo info = track.info;
    OptionalLong pts = ts == AV_NOPTS_VALUE ? OptionalLong.empty() : OptionalLong.of(ts);
    OptionalLong millis = ts == AV_NOPTS_VALUE ? OptionalLong.empty()
        : OptionalLong.of(Timestamps.toMillis(ts, info.timeBaseNumerator(), info.timeBaseDenominator()));
    boolean isVideo = info.type() == MediaType.VIDEO;
    return new Frame(info.type(), info.index(), pts, millis,
        isVideo ? frame.width() : 0, isVideo ? frame.height() : 0, isVideo ? 0 : frame.nb_samples());
  }

  private static AvioException decodeFailure(int code) {
    return new AvioException(AvioException.Stage.DECODE, code, FfmpegErrors.describe(code), false, null);
  }
}
