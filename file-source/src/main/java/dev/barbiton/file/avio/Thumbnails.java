package dev.barbiton.file.avio;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_PNG;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_INVALIDDATA;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_move_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FULL_CHR_H_INT;
import static org.bytedeco.ffmpeg.global.swscale.sws_alloc_context;
import static org.bytedeco.ffmpeg.global.swscale.sws_free_context;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale_frame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Still images of a video: the frame shown at a given time, scaled down and encoded as a PNG by
 * FFmpeg ({@code swscale} to RGB24, then FFmpeg's {@code png} encoder). No muxer, no temporary
 * file but the one {@link #writePng} renames into place.
 *
 * <p>Which frame: the first frame of the best video stream ({@code av_find_best_stream}) whose
 * presentation time is at or after {@code at}, found by seeking to the keyframe at or before
 * {@code at} and decoding forward; the last frame of the stream when it ends first (so any {@code
 * at} past the end gives the last frame). {@code at} is on the timeline of {@link
 * AvioDemuxer#seek} and of {@link SimpleDecoder.Frame#ptsMillis()}: the packets' timestamps, which
 * start at 0 in MP4. A frame without a timestamp counts as reached. When the best video stream is
 * cover art (an audio file with an attached picture), the thumbnail is that picture, whatever
 * {@code at}, and nothing is read from the input.
 *
 * <p>Size: the picture's display size (its sample aspect ratio applied), scaled down to {@code
 * maxWidth} pixels wide with the aspect ratio kept, never scaled up.
 *
 * <p>The demuxer: used on the calling thread, with the rules of {@link AvioDemuxer} (one thread at
 * a time; a {@link AvioDemuxer#close} from another thread cancels a thumbnail blocked on the
 * network, which then throws a cancelled {@link AvioException}). A thumbnail moves the demuxer's
 * position: seek before reading packets again. A {@link SimpleDecoder} open on the same demuxer
 * must be {@linkplain SimpleDecoder#seek sought} before its next frame. On a {@link
 * dev.barbiton.file.FileSource} that is still downloading, a thumbnail reads only the bytes from
 * the keyframe to the frame (plus the header), waiting for them and moving the download there.
 *
 * <p>Native memory: every FFmpeg object a call allocates (decoder, scaler, encoder, frames,
 * packets) is freed before it returns or throws.
 */
public final class Thumbnails {
  static {
    FfmpegLog.install(); // before any other FFmpeg call: FFmpeg never prints to stderr
  }

  private static final int EAGAIN = avutil.AVERROR_EAGAIN();
  /** Bicubic with accurate rounding and full chroma: quality matters more than speed for a still. */
  private static final int SCALE_FLAGS = SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT;
  /** Beyond any media's length (~292 years) and safe from overflow in FFmpeg's rescaling. */
  private static final long MAX_MICROS = Long.MAX_VALUE / 1000;
  /** Seeks further back when a seek lands on a keyframe presented after the time asked for. */
  private static final int MAX_SEEK_RETRIES = 8;
  /** The time of a frame or packet without a timestamp; such a frame counts as the one asked for. */
  private static final long UNTIMED = Long.MIN_VALUE;

  private Thumbnails() {}

  /**
   * The frame shown at {@code at} (see the class comment for which frame), at most {@code maxWidth}
   * pixels wide, as the bytes of a PNG file (8-bit RGB).
   *
   * @throws IllegalArgumentException if {@code at} is negative or {@code maxWidth < 1}
   * @throws AvioException {@link AvioException.Stage#THUMBNAIL} if the input has no video stream,
   *     no video frame could be decoded, or the picture could not be scaled or encoded; the
   *     stage of the failed step if reading, seeking or decoding fails ({@code cancelled()} if the
   *     demuxer was closed or the thread interrupted)
   * @throws IllegalStateException if the demuxer is closed
   */
  public static byte[] png(AvioDemuxer demuxer, Duration at, int maxWidth) throws AvioException {
    Objects.requireNonNull(demuxer, "demuxer");
    Objects.requireNonNull(at, "at");
    if (at.isNegative()) throw new IllegalArgumentException("at < 0: " + at);
    if (maxWidth < 1) throw new IllegalArgumentException("maxWidth < 1: " + maxWidth);
    AVFormatContext format = demuxer.formatContext();
    int index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
    if (index < 0) {
      throw new AvioException(AvioException.Stage.THUMBNAIL, index,
          "no video stream to take a thumbnail from; the input has " + describe(demuxer.streams()), false, null);
    }
    StreamInfo video = demuxer.streams().get(index);
    try (Natives natives = new Natives()) {
      natives.decoder = SimpleDecoder.openCodec(format.streams(index), video);
      natives.packet = av_packet_alloc();
      natives.frame = av_frame_alloc();
      natives.kept = av_frame_alloc();
      if (isNull(natives.packet) || isNull(natives.frame) || isNull(natives.kept)) {
        throw allocationFailure("packet and frames");
      }
      AVStream stream = format.streams(index);
      AVFrame picture = (stream.disposition() & AV_DISPOSITION_ATTACHED_PIC) != 0
          ? decodeAttachedPicture(natives, stream, video)
          : findFrame(demuxer, natives, video, toMicros(at));
      return encodePng(natives, picture, maxWidth);
    }
  }

  /**
   * Writes {@link #png} of the same arguments to {@code file}, atomically: the bytes go to a
   * temporary file beside it, are forced to the disk, and the temporary file is renamed over
   * {@code file}. Readers see the old file or the whole new one, never a part; on failure {@code
   * file} is left as it was and the temporary file is deleted.
   *
   * @throws IOException if the file cannot be written or renamed atomically (the directory must
   *     exist), or as {@link #png}
   * @throws IllegalArgumentException as {@link #png}
   */
  public static void writePng(AvioDemuxer demuxer, Duration at, int maxWidth, Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    byte[] png = png(demuxer, at, maxWidth);
    Path target = file.toAbsolutePath();
    // Not Files.createTempFile: its owner-only permissions would pass to the thumbnail.
    Path temp = target.resolveSibling(
        "." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    boolean moved = false;
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(png);
        while (bytes.hasRemaining()) channel.write(bytes);
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
    } finally {
      if (!moved) Files.deleteIfExists(temp);
    }
  }

  /**
   * Seeks and decodes to the frame at {@code atMicros}. A seek lands on the keyframe whose
   * <em>decoding</em> time is at or before the target (MP4 indexes samples by decoding time), and
   * with B-frames a keyframe is presented later than it is decoded: a seek to 960 ms in a file
   * with a keyframe presented at 1000 ms and decoded at 920 ms lands on it, and the frame at 960
   * ms is never decoded. When the first frame decoded is later than {@code atMicros}, the seek
   * overshot: seek again to just before that keyframe's decoding time, which lands on the keyframe
   * before it (or, without a decoding time, 1, 2, 4... s further back). Each retry moves strictly
   * back; from 0, or after {@value #MAX_SEEK_RETRIES} retries, the frame found is taken.
   */
  private static AVFrame findFrame(AvioDemuxer demuxer, Natives natives, StreamInfo video, long atMicros)
      throws AvioException {
    long seekMicros = atMicros;
    for (int attempt = 0; ; attempt++) {
      demuxer.seek(Duration.of(seekMicros, ChronoUnit.MICROS));
      if (attempt > 0) avcodec_flush_buffers(natives.decoder);
      Attempt result = decodeFrom(demuxer, natives, video, atMicros, seekMicros > 0 && attempt < MAX_SEEK_RETRIES);
      if (result.frame() != null) return result.frame();
      long keyframe = result.keyframeDecodeMicros();
      long retry = keyframe != UNTIMED ? Math.min(seekMicros, keyframe) - 1 : seekMicros - (1_000_000L << attempt);
      seekMicros = Math.max(0, retry);
    }
  }

  /** Decodes the picture FFmpeg read with the header (cover art): no seek, no read. */
  private static AVFrame decodeAttachedPicture(Natives natives, AVStream stream, StreamInfo video)
      throws AvioException {
    AVPacket picture = stream.attached_pic();
    int ret = avcodec_send_packet(natives.decoder, picture); // refs the packet: it stays the stream's
    if (ret < 0) throw decodeFailure(ret);
    ret = avcodec_send_packet(natives.decoder, (AVPacket) null);
    if (ret < 0 && ret != AVERROR_EOF) throw decodeFailure(ret);
    ret = avcodec_receive_frame(natives.decoder, natives.frame);
    if (ret >= 0) return natives.frame;
    if (ret != AVERROR_EOF && ret != EAGAIN) throw decodeFailure(ret);
    throw new AvioException(AvioException.Stage.THUMBNAIL, AVERROR_EOF,
        "the attached picture of stream " + video.index() + " (" + video.codecName() + ") could not be decoded",
        false, null);
  }

  /**
   * What one seek gave: the frame chosen, or (frame null) an overshoot and the decoding time of the
   * keyframe it landed on, in microseconds ({@link #UNTIMED} if its packet had no timestamp).
   */
  private record Attempt(AVFrame frame, long keyframeDecodeMicros) {}

  /**
   * Decodes from the demuxer's position to the first frame at or after {@code atMicros}, or to the
   * end; the frame chosen is {@code natives.frame} or {@code natives.kept}. With {@code
   * mayOvershoot}, a first frame later than {@code atMicros} is reported as an overshoot instead.
   */
  private static Attempt decodeFrom(
      AvioDemuxer demuxer, Natives natives, StreamInfo video, long atMicros, boolean mayOvershoot)
      throws AvioException {
    AVCodecContext decoder = natives.decoder;
    AVPacket packet = natives.packet;
    AVFrame frame = natives.frame;
    AVFrame kept = natives.kept; // the latest frame before atMicros: the answer if the stream ends
    av_frame_unref(kept);
    boolean haveKept = false;
    boolean draining = false;
    long firstDecodeMicros = UNTIMED; // of the first video packet: the keyframe sought to
    while (true) {
      int ret;
      while ((ret = avcodec_receive_frame(decoder, frame)) >= 0) {
        long micros = frameMicros(frame, video);
        boolean untimed = micros == UNTIMED;
        if (untimed || micros >= atMicros) {
          if (mayOvershoot && !untimed && !haveKept && micros > atMicros) {
            av_frame_unref(frame);
            return new Attempt(null, firstDecodeMicros);
          }
          return new Attempt(frame, 0);
        }
        av_frame_unref(kept);
        av_frame_move_ref(kept, frame);
        haveKept = true;
      }
      if (ret == AVERROR_EOF || (ret == EAGAIN && draining)) break;
      if (ret != EAGAIN) throw decodeFailure(ret);
      if (!demuxer.readPacket(packet)) {
        draining = true;
        ret = avcodec_send_packet(decoder, (AVPacket) null);
        if (ret < 0 && ret != AVERROR_EOF) throw decodeFailure(ret);
        continue;
      }
      try {
        if (packet.stream_index() != video.index()) continue;
        if (firstDecodeMicros == UNTIMED) {
          long dts = packet.dts() != AV_NOPTS_VALUE ? packet.dts() : packet.pts();
          if (dts != AV_NOPTS_VALUE) {
            firstDecodeMicros = ticksToMicros(dts, video.timeBaseNumerator(), video.timeBaseDenominator());
          }
        }
        ret = avcodec_send_packet(decoder, packet);
        if (ret < 0 && ret != AVERROR_INVALIDDATA) throw decodeFailure(ret); // a bad packet is skipped
      } finally {
        av_packet_unref(packet);
      }
    }
    if (haveKept) return new Attempt(kept, 0);
    throw new AvioException(AvioException.Stage.THUMBNAIL, AVERROR_EOF,
        "no frame of video stream " + video.index() + " (" + video.codecName() + ") could be decoded", false, null);
  }

  /** A frame's presentation time in microseconds, or {@link #UNTIMED}. */
  private static long frameMicros(AVFrame frame, StreamInfo video) {
    long ts = frame.best_effort_timestamp();
    if (ts == AV_NOPTS_VALUE) ts = frame.pts();
    if (ts == AV_NOPTS_VALUE) return UNTIMED;
    return ticksToMicros(ts, video.timeBaseNumerator(), video.timeBaseDenominator());
  }

  private static byte[] encodePng(Natives natives, AVFrame picture, int maxWidth) throws AvioException {
    int width = picture.width();
    int height = picture.height();
    if (width < 1 || height < 1) {
      throw new AvioException(AvioException.Stage.THUMBNAIL, AVERROR_INVALIDDATA,
          "decoded picture has no size: " + width + "x" + height, false, null);
    }
    // The display width: a 720x576 PAL picture with 16:15 pixels is 768 pixels wide on screen.
    AVRational sar = picture.sample_aspect_ratio();
    double displayWidth = sar.num() > 0 && sar.den() > 0 ? (double) width * sar.num() / sar.den() : width;
    int outWidth = (int) Math.max(1, Math.min(maxWidth, Math.round(displayWidth)));
    int outHeight = (int) Math.max(1, Math.round(height * outWidth / displayWidth));

    natives.scaler = sws_alloc_context();
    natives.rgb = av_frame_alloc();
    if (isNull(natives.scaler) || isNull(natives.rgb)) throw allocationFailure("scaler");
    natives.scaler.flags(SCALE_FLAGS);
    natives.rgb.width(outWidth).height(outHeight).format(AV_PIX_FMT_RGB24);
    // An unconfigured context: sws_scale_frame sets itself up from both frames, colour matrix and
    // range of the source included, and allocates the destination's buffer.
    int ret = sws_scale_frame(natives.scaler, natives.rgb, picture);
    if (ret < 0) {
      throw new AvioException(AvioException.Stage.THUMBNAIL, ret, "cannot scale " + width + "x" + height + " "
          + pixelFormatName(picture.format()) + " to " + outWidth + "x" + outHeight + " rgb24: "
          + FfmpegErrors.describe(ret), false, null);
    }

    AVCodec png = avcodec_find_encoder(AV_CODEC_ID_PNG);
    if (isNull(png)) {
      throw new AvioException(AvioException.Stage.THUMBNAIL, avutil.AVERROR_ENCODER_NOT_FOUND,
          "this FFmpeg build has no png encoder", false, null);
    }
    natives.encoder = avcodec_alloc_context3(png);
    natives.encoded = av_packet_alloc();
    if (isNull(natives.encoder) || isNull(natives.encoded)) throw allocationFailure("png encoder");
    AVCodecContext encoder = natives.encoder;
    encoder.width(outWidth).height(outHeight).pix_fmt(AV_PIX_FMT_RGB24);
    encoder.time_base().num(1).den(1); // encoders refuse to open without one; a still has no timing
    ret = avcodec_open2(encoder, png, (AVDictionary) null);
    if (ret < 0) throw encodeFailure(ret);
    ret = avcodec_send_frame(encoder, natives.rgb);
    if (ret < 0) throw encodeFailure(ret);
    ret = avcodec_send_frame(encoder, (AVFrame) null); // flush: the one packet comes out now
    if (ret < 0 && ret != AVERROR_EOF) throw encodeFailure(ret);
    ret = avcodec_receive_packet(encoder, natives.encoded);
    if (ret < 0) throw encodeFailure(ret);
    int size = natives.encoded.size();
    byte[] bytes = new byte[size];
    BytePointer data = natives.encoded.data();
    data.capacity(size).get(bytes);
    return bytes;
  }

  /** {@code at} in microseconds, capped far beyond any media's end so that nothing overflows. */
  private static long toMicros(Duration at) {
    if (at.getSeconds() >= MAX_MICROS / 1_000_000) return MAX_MICROS;
    return at.getSeconds() * 1_000_000 + at.getNano() / 1000;
  }

  /** {@code ticks * num / den} seconds in microseconds, rounded toward negative infinity. */
  private static long ticksToMicros(long ticks, int num, int den) {
    try {
      return Math.floorDiv(Math.multiplyExact(Math.multiplyExact(ticks, (long) num), 1_000_000L), den);
    } catch (ArithmeticException overflow) {
      return (long) Math.floor((double) ticks * num * 1e6 / den);
    }
  }

  private static String describe(List<StreamInfo> streams) {
    if (streams.isEmpty()) return "no streams";
    return streams.stream()
        .map(s -> "#" + s.index() + " " + s.type().name().toLowerCase(Locale.ROOT) + " " + s.codecName())
        .collect(Collectors.joining(", ", streams.size() + " stream" + (streams.size() == 1 ? "" : "s") + ": ", ""));
  }

  private static String pixelFormatName(int format) {
    BytePointer name = av_get_pix_fmt_name(format);
    return isNull(name) ? "pixel format " + format : name.getString();
  }

  private static boolean isNull(Pointer pointer) {
    return pointer == null || pointer.isNull();
  }

  private static AvioException decodeFailure(int code) {
    return new AvioException(AvioException.Stage.DECODE, code, FfmpegErrors.describe(code), false, null);
  }

  private static AvioException encodeFailure(int code) {
    return new AvioException(AvioException.Stage.THUMBNAIL, code, "png encoder: " + FfmpegErrors.describe(code),
        false, null);
  }

  private static AvioException allocationFailure(String what) {
    return new AvioException(AvioException.Stage.ALLOCATE, avutil.AVERROR_ENOMEM(), "cannot allocate " + what,
        false, null);
  }

  /** Everything one thumbnail allocates; {@link #close} frees what is there, on every path. */
  private static final class Natives implements AutoCloseable {
    AVCodecContext decoder;
    AVPacket packet;
    AVFrame frame;
    AVFrame kept;
    SwsContext scaler;
    AVFrame rgb;
    AVCodecContext encoder;
    AVPacket encoded;

    @Override
    public void close() {
      if (!isNull(encoded)) av_packet_free(encoded);
      if (!isNull(encoder)) avcodec_free_context(encoder);
      if (!isNull(rgb)) av_frame_free(rgb);
      if (!isNull(scaler)) sws_free_context(scaler);
      if (!isNull(kept)) av_frame_free(kept);
      if (!isNull(frame)) av_frame_free(frame);
      if (!isNull(packet)) av_packet_free(packet);
      if (!isNull(decoder)) avcodec_free_context(decoder);
    }
  }
}
