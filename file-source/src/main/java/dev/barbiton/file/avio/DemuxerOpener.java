package dev.barbiton.file.avio;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_DEMUXER_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EIO;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_ENOMEM;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_OPTION_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AV_DICT_IGNORE_SUFFIX;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.av_get_sample_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avformat.Write_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The steps of {@link AvioDemuxer#open(RandomAccessInput, DemuxerOptions)}: allocate the AVIO and
 * format contexts, apply the options, {@code avformat_open_input}, {@code
 * avformat_find_stream_info}; on any failure free everything, unregister the bridge and close the
 * input.
 *
 * <p>Why open checks the bridge after each step even when FFmpeg reports success: FFmpeg does not
 * pass every failed read on. {@code avformat_find_stream_info} in particular stops at a read error,
 * keeps what it has and returns success, and a probe turns our {@code AVERROR_EXIT} into {@code
 * AVERROR_INVALIDDATA}. A demuxer opened on such reads would describe streams from half a header
 * (a closed source while the moov downloads), so a step after which any read was cancelled (input
 * or source closed, thread interrupted) fails with {@code cancelled() == true}, and a step after
 * which any read failed (a read timeout, a failed download) fails with the input's exception as
 * cause.
 */
final class DemuxerOpener {
  private DemuxerOpener() {}

  /** What a successful open hands to the demuxer, which then owns all three. */
  record Opened(InputBridge bridge, AVFormatContext format, AVIOContext avio) {}

  static Opened open(RandomAccessInput input, DemuxerOptions options) throws AvioException {
    InputBridge bridge = AvioCallbacks.register(input);
    AVIOContext avio = null;
    AVFormatContext format = null;
    AVDictionary dictionary = null;
    boolean opened = false;
    try {
      AVInputFormat inputFormat = inputFormat(options);
      Pointer memory = av_malloc(AvioDemuxer.BUFFER_SIZE);
      if (memory == null || memory.isNull()) throw allocationFailure("AVIO buffer");
      BytePointer buffer = new BytePointer(memory);
      avio = avio_alloc_context(buffer, AvioDemuxer.BUFFER_SIZE, 0, AvioCallbacks.opaque(bridge),
          AvioCallbacks.READ, (Write_packet_Pointer_BytePointer_int) null, AvioCallbacks.SEEK);
      if (avio == null || avio.isNull()) {
        avio = null;
        av_free(buffer);
        throw allocationFailure("AVIOContext");
      }
      ShortSeeks.disable(avio); // a skip forward seeks: it never reads the skipped bytes
      format = avformat_alloc_context();
      if (format == null || format.isNull()) {
        format = null;
        throw allocationFailure("AVFormatContext");
      }
      format.pb(avio);
      format.flags(format.flags() | AVFormatContext.AVFMT_FLAG_CUSTOM_IO);
      format.probesize(options.probeSize());
      format.max_analyze_duration(options.analyzeDurationMicros());
      dictionary = dictionary(options.formatOptions());
      bridge.clearFailure();
      // URL "" on purpose: a fake http:// URL makes the mov demuxer grow the AVIO buffer to ~1 MB.
      int ret = avformat_open_input(format, "", inputFormat, dictionary);
      if (ret < 0) {
        format = null; // freed by FFmpeg
        throw AvioDemuxer.failure(bridge, AvioException.Stage.OPEN, ret);
      }
      opened = true;
      checkReads(bridge, AvioException.Stage.OPEN);
      rejectUnused(dictionary, format);
      ret = avformat_find_stream_info(format, (PointerPointer<?>) null);
      if (ret < 0) throw AvioDemuxer.failure(bridge, AvioException.Stage.FIND_STREAM_INFO, ret);
      checkReads(bridge, AvioException.Stage.FIND_STREAM_INFO);
      return new Opened(bridge, format, avio);
    } catch (Throwable t) {
      AvioDemuxer.free(format, opened, avio);
      AvioCallbacks.unregister(bridge);
      input.close();
      throw t;
    } finally {
      // After a successful avformat_open_input it holds the options nobody used; else ours.
      if (dictionary != null) av_dict_free(dictionary);
    }
  }

  private static AVInputFormat inputFormat(DemuxerOptions options) throws AvioException {
    if (!options.formatName().isPresent()) return null;
    String name = options.formatName().get();
    AVInputFormat format = av_find_input_format(name);
    if (format == null || format.isNull()) {
      throw new AvioException(AvioException.Stage.OPEN, AVERROR_DEMUXER_NOT_FOUND,
          "FFmpeg has no demuxer named \"" + name + "\"", false, null);
    }
    return format;
  }

  /** The options as a new dictionary, or null when there are none. */
  private static AVDictionary dictionary(Map<String, String> options) throws AvioException {
    if (options.isEmpty()) return null;
    AVDictionary dictionary = new AVDictionary(null);
    for (Map.Entry<String, String> e : options.entrySet()) {
      int ret = av_dict_set(dictionary, e.getKey(), e.getValue(), 0); // updates the address
      if (ret < 0) {
        av_dict_free(dictionary);
        throw allocationFailure("format options");
      }
    }
    return dictionary;
  }

  /** Fails, stage OPEN, if {@code avformat_open_input} left options unused. */
  private static void rejectUnused(AVDictionary unused, AVFormatContext format) throws AvioException {
    if (unused == null || unused.isNull()) return;
    List<String> keys = new ArrayList<>();
    for (AVDictionaryEntry e = null; (e = av_dict_get(unused, "", e, AV_DICT_IGNORE_SUFFIX)) != null && !e.isNull(); ) {
      keys.add(e.key().getString(StandardCharsets.UTF_8));
    }
    if (keys.isEmpty()) return;
    String demuxer = format.iformat() == null || format.iformat().name() == null
        ? "?" : format.iformat().name().getString(StandardCharsets.UTF_8);
    throw new AvioException(AvioException.Stage.OPEN, AVERROR_OPTION_NOT_FOUND,
        "format options not used by FFmpeg or the " + demuxer + " demuxer: " + keys, false, null);
  }

  /**
   * Fails if a read during the last step was cancelled or failed, though FFmpeg reported success
   * (see the class comment).
   */
  private static void checkReads(InputBridge bridge, AvioException.Stage stage) throws AvioException {
    if (bridge.isCancelled() || bridge.readCancelled()) throw AvioDemuxer.failure(bridge, stage, AVERROR_EXIT);
    if (bridge.failure() != null) throw AvioDemuxer.failure(bridge, stage, AVERROR_EIO());
  }

  /** What {@code format} says of each stream, in index order. */
  static List<StreamInfo> describeStreams(AVFormatContext format) {
    int count = format.nb_streams();
    List<StreamInfo> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      AVStream stream = format.streams(i);
      AVCodecParameters par = stream.codecpar();
      AVRational timeBase = stream.time_base();
      MediaType type = MediaType.of(par.codec_type());
      BytePointer name = avcodec_get_name(par.codec_id());
      long ticks = stream.duration();
      int den = timeBase.den() > 0 ? timeBase.den() : 1;
      list.add(new StreamInfo(
          stream.index(),
          type,
          par.codec_id(),
          name == null ? "" : name.getString(),
          type == MediaType.VIDEO ? par.width() : 0,
          type == MediaType.VIDEO ? par.height() : 0,
          type == MediaType.AUDIO ? par.sample_rate() : 0,
          type == MediaType.AUDIO ? par.ch_layout().nb_channels() : 0,
          timeBase.num(),
          den,
          ticks == AV_NOPTS_VALUE || ticks < 0 ? OptionalLong.empty() : OptionalLong.of(ticks),
          type == MediaType.VIDEO ? frameRate(stream) : 0,
          Math.max(0, par.bit_rate()),
          type == MediaType.VIDEO ? formatName(av_get_pix_fmt_name(par.format())) : "",
          type == MediaType.AUDIO ? formatName(av_get_sample_fmt_name(par.format())) : "",
          tags(stream.metadata())));
    }
    return List.copyOf(list);
  }

  private static double frameRate(AVStream stream) {
    AVRational rate = stream.avg_frame_rate().num() > 0 ? stream.avg_frame_rate() : stream.r_frame_rate();
    return rate.num() > 0 && rate.den() > 0 ? (double) rate.num() / rate.den() : 0;
  }

  private static String formatName(BytePointer name) {
    return name == null || name.isNull() ? "" : name.getString();
  }

  private static Map<String, String> tags(AVDictionary metadata) {
    Map<String, String> tags = new LinkedHashMap<>();
    AVDictionaryEntry entry = null;
    while (metadata != null && !metadata.isNull()
        && (entry = av_dict_get(metadata, "", entry, AV_DICT_IGNORE_SUFFIX)) != null && !entry.isNull()) {
      tags.put(entry.key().getString(), entry.value().getString());
    }
    return tags;
  }

  private static AvioException allocationFailure(String what) {
    return new AvioException(AvioException.Stage.ALLOCATE, AVERROR_ENOMEM(), "cannot allocate " + what, false, null);
  }
}
