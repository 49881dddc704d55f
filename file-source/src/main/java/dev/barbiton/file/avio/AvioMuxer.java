package dev.barbiton.file.avio;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_SEEKABLE_NORMAL;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_format;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_init_output;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avformat.avio_flush;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_ENOMEM;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_MUXER_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_OPTION_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_strdup;
import static org.bytedeco.ffmpeg.global.avutil.AV_DICT_IGNORE_SUFFIX;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * An FFmpeg muxer ({@code AVFormatContext} for output) writing to an {@link OutputSink} through a
 * custom write {@code AVIOContext}: to a file or a channel that can seek, or to a stream that
 * cannot, with no temporary file.
 *
 * <p>Order of use: {@link #open}, then {@link #newStream()} once per stream (set each stream's
 * codec parameters and time base; {@link #awaitExtradata} for an encoder whose global header comes
 * with its first packet), {@link #writeHeader}, {@link #writePacket} for every packet,
 * {@link #finish()}, and always {@link #close()}. Nothing reaches the sink before {@code
 * writeHeader}, and {@code writeHeader} applies and checks the format options first: an unknown
 * option, or a muxer that refuses a sink that cannot seek (a normal MP4: its {@code moov} is
 * written last and the sizes patched), fails before a byte is written.
 *
 * <p>Threads: one thread uses the muxer; {@link #cancel()} may be called from any thread and makes
 * the next write fail at once with a cancelled {@link AvioException}. Always close a muxer: its
 * native memory is not freed by the garbage collector; a muxer over a {@link OutputSink#of(
 * java.nio.file.Path) path} closes the file.
 */
public final class AvioMuxer implements AutoCloseable {
  /** Size of the AVIO buffer: the sink sees writes of this size (and a last, shorter one). */
  static final int BUFFER_SIZE = 64 * 1024;

  static {
    FfmpegLog.install(); // before any other FFmpeg call: FFmpeg never prints to stderr
  }

  private final OutputSink sink;
  private final OutputBridge bridge;
  private final String formatName;
  private AVFormatContext format;
  private AVIOContext avio;
  private final PendingHeader pending = new PendingHeader();
  /** True once the options are applied; the header itself may wait (see {@link #awaitExtradata}). */
  private boolean initialized;
  private boolean headerWritten;

  private AvioMuxer(OutputSink sink, OutputBridge bridge, String formatName, AVFormatContext format, AVIOContext avio) {
    this.sink = sink;
    this.bridge = bridge;
    this.formatName = formatName;
    this.format = format;
    this.avio = avio;
  }

  /**
   * Opens a muxer of format {@code formatName} (FFmpeg's short name: {@code mp4}, {@code webm},
   * {@code matroska}, {@code mpegts}, {@code gif}, ...) writing to {@code sink}. Writes nothing.
   *
   * @throws AvioException ({@link AvioException.Stage#OPEN_OUTPUT}) if FFmpeg has no such muxer
   *     ({@code AVERROR_MUXER_NOT_FOUND}) or cannot allocate
   */
  public static AvioMuxer open(OutputSink sink, String formatName) throws AvioException {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(formatName, "formatName");
    AVOutputFormat outputFormat = av_guess_format(formatName, null, null);
    if (outputFormat == null || outputFormat.isNull()) {
      throw new AvioException(AvioException.Stage.OPEN_OUTPUT, AVERROR_MUXER_NOT_FOUND,
          "FFmpeg has no muxer named '" + formatName + "'", false, null);
    }
    OutputBridge bridge = AvioCallbacks.register(sink);
    AVFormatContext format = new AVFormatContext(null);
    AVIOContext avio = null;
    try {
      int ret = avformat_alloc_output_context2(format, outputFormat, (String) null, (String) null);
      if (ret < 0 || format.isNull()) {
        format = null;
        throw new AvioException(AvioException.Stage.OPEN_OUTPUT, ret < 0 ? ret : AVERROR_ENOMEM(),
            "cannot allocate the output context: " + FfmpegErrors.describe(ret < 0 ? ret : AVERROR_ENOMEM()), false, null);
      }
      Pointer memory = av_malloc(BUFFER_SIZE);
      if (memory == null || memory.isNull()) throw allocationFailure("AVIO buffer");
      BytePointer buffer = new BytePointer(memory);
      avio = avio_alloc_context(buffer, BUFFER_SIZE, 1, AvioCallbacks.opaque(bridge),
          (Read_packet_Pointer_BytePointer_int) null, AvioCallbacks.WRITE, sink.seekable() ? AvioCallbacks.SEEK : null);
      if (avio == null || avio.isNull()) {
        avio = null;
        av_free(buffer);
        throw allocationFailure("AVIOContext");
      }
      avio.seekable(sink.seekable() ? AVIO_SEEKABLE_NORMAL : 0);
      format.pb(avio);
      format.flags(format.flags() | AVFormatContext.AVFMT_FLAG_CUSTOM_IO);
      format.flush_packets(0); // the AVIO buffer decides when the sink sees bytes: 10× fewer writes
      // Muxers that move what they wrote (faststart, global_sidx) reopen the output by its URL.
      if (sink.file().isPresent()) {
        try (BytePointer url = new BytePointer(sink.file().get().toString())) {
          format.url(av_strdup(url)); // FFmpeg frees the context's url with av_free
        }
      }
      return new AvioMuxer(sink, bridge, formatName, format, avio);
    } catch (Throwable t) {
      free(format, avio);
      AvioCallbacks.unregister(bridge);
      throw t;
    }
  }

  /** FFmpeg's output context, for stream set-up; valid until {@link #close}. Never free it. */
  public AVFormatContext formatContext() {
    checkOpen();
    return format;
  }

  /** Whether encoders for this muxer must put their headers in extradata ({@code AV_CODEC_FLAG_GLOBAL_HEADER}). */
  public boolean wantsGlobalHeader() {
    checkOpen();
    return (format.oformat().flags() & AVFMT_GLOBALHEADER) != 0;
  }

  /** Whether the sink can seek. */
  public boolean seekable() {
    return sink.seekable();
  }

  /**
   * A new output stream; set its {@code codecpar} and {@code time_base} before {@link
   * #writeHeader}. The muxer may change the time base when it writes the header: rescale packets to
   * the stream's {@code time_base()} read after that.
   */
  public AVStream newStream() throws AvioException {
    checkOpen();
    AVStream stream = avformat_new_stream(format, null);
    if (stream == null || stream.isNull()) throw allocationFailure("output stream");
    return stream;
  }

  /**
   * Makes the header wait for the first packet of {@code stream} and take the stream's extradata
   * from that packet's {@code AV_PKT_DATA_NEW_EXTRADATA} side data: for an encoder asked for a
   * global header that has none after opening (libaom's AV1 encoder hands it over with its first
   * packet). Packets written meanwhile are held (at most {@value PendingHeader#LIMIT}) and
   * written after the header, in order. Call before {@link #writeHeader}.
   */
  public void awaitExtradata(AVStream stream) {
    checkOpen();
    if (initialized) throw new IllegalStateException("header options already applied");
    pending.await(stream.index());
  }

  /**
   * Applies {@code options} (the muxer's own, e.g. {@code movflags=frag_keyframe+empty_moov}) and
   * writes the header, or, for streams given to {@link #awaitExtradata}, lets it wait for their
   * first packets.
   *
   * @throws AvioException ({@link AvioException.Stage#OPEN_OUTPUT}) if an option is unknown to the
   *     muxer or the muxer refuses its streams or the sink (FFmpeg's text says why), before
   *     anything is written; ({@link AvioException.Stage#WRITE_HEADER}) if writing fails
   */
  public void writeHeader(Map<String, String> options) throws AvioException {
    checkOpen();
    if (initialized) throw new IllegalStateException("header already written");
    AVDictionary dictionary = new AVDictionary(null);
    try {
      for (Map.Entry<String, String> option : options.entrySet()) {
        av_dict_set(dictionary, option.getKey(), option.getValue(), 0);
      }
      int ret = avformat_init_output(format, dictionary);
      if (ret < 0) throw failure(AvioException.Stage.OPEN_OUTPUT, ret);
      List<String> unused = unusedKeys(dictionary);
      if (!unused.isEmpty()) {
        throw new AvioException(AvioException.Stage.OPEN_OUTPUT, AVERROR_OPTION_NOT_FOUND,
            "the " + formatName + " muxer has no option " + String.join(", ", unused), false, null);
      }
      initialized = true;
      if (!pending.isWaiting()) writeHeaderNow();
    } finally {
      av_dict_free(dictionary);
    }
  }

  private void writeHeaderNow() throws AvioException {
    int ret = avformat_write_header(format, (AVDictionary) null);
    if (ret < 0) throw failure(AvioException.Stage.WRITE_HEADER, ret);
    headerWritten = true;
  }

  /** Writes the waiting header, then the packets held for it, in order. */
  private void releaseHeldPackets() throws AvioException {
    try {
      writeHeaderNow();
      for (AVPacket held; (held = pending.next()) != null; ) {
        int ret = av_interleaved_write_frame(format, held);
        av_packet_free(held);
        if (ret < 0) throw failure(AvioException.Stage.WRITE_PACKET, ret);
      }
    } finally {
      pending.clear();
    }
  }

  /**
   * Writes {@code packet} (its {@code stream_index} and timestamps in that stream's time base),
   * interleaving by time; takes over the packet's data (the packet is left blank).
   */
  public void writePacket(AVPacket packet) throws AvioException {
    checkHeader();
    if (!headerWritten) {
      if (pending.hold(format, packet)) releaseHeldPackets();
      return;
    }
    int ret = av_interleaved_write_frame(format, packet);
    if (ret < 0) throw failure(AvioException.Stage.WRITE_PACKET, ret);
  }

  /** Flushes the interleaving queue, writes the trailer and pushes every byte to the sink. */
  public void finish() throws AvioException {
    checkHeader();
    if (!headerWritten) releaseHeldPackets();
    int ret = av_write_trailer(format);
    if (ret < 0) throw failure(AvioException.Stage.WRITE_TRAILER, ret);
    avio_flush(avio);
    if (bridge.failure() != null) throw failure(AvioException.Stage.WRITE_TRAILER, avio.error());
    try {
      sink.flush();
    } catch (IOException e) {
      throw new AvioException(AvioException.Stage.WRITE_TRAILER, 0, "cannot flush the sink: " + e, false, e);
    }
  }

  /** Bytes the sink took so far. */
  public long bytesWritten() {
    return sink.bytesWritten();
  }

  /** Makes every later write fail at once with a cancelled {@link AvioException}. Any thread. */
  public void cancel() {
    bridge.cancel();
  }

  /** Frees FFmpeg's contexts and closes the file of a path sink. Idempotent. */
  @Override
  public void close() {
    if (format == null && avio == null) return;
    pending.clear();
    free(format, avio);
    format = null;
    avio = null;
    AvioCallbacks.unregister(bridge);
    try {
      sink.closeOwned();
    } catch (IOException e) {
      // The output is finished or abandoned by now: a failed close loses nothing more.
    }
  }

  @Override
  public String toString() {
    return "AvioMuxer[" + formatName + " to " + sink + "]";
  }

  private void checkOpen() {
    if (format == null) throw new IllegalStateException("muxer is closed");
  }

  private void checkHeader() {
    checkOpen();
    if (!initialized) throw new IllegalStateException("write the header first");
  }

  private AvioException failure(AvioException.Stage stage, int code) {
    Throwable cause = bridge.failure();
    boolean cancelled = bridge.isCancelled() || code == AVERROR_EXIT;
    String message = FfmpegErrors.describe(code);
    if (cancelled) message = "cancelled: " + message;
    if (cause != null) message += "; sink: " + cause;
    return new AvioException(stage, code, message, cancelled, cause);
  }

  private static List<String> unusedKeys(AVDictionary dictionary) {
    List<String> keys = new ArrayList<>();
    AVDictionaryEntry entry = null;
    while ((entry = av_dict_get(dictionary, "", entry, AV_DICT_IGNORE_SUFFIX)) != null && !entry.isNull()) {
      keys.add(entry.key().getString());
    }
    return keys;
  }

  private static AvioException allocationFailure(String what) {
    return new AvioException(AvioException.Stage.OPEN_OUTPUT, AVERROR_ENOMEM(), "cannot allocate " + what, false, null);
  }

  private static void free(AVFormatContext format, AVIOContext avio) {
    if (format != null) {
      format.pb(null);
      avformat_free_context(format);
    }
    if (avio != null) {
      BytePointer buffer = avio.buffer();
      if (buffer != null && !buffer.isNull()) av_free(buffer);
      avio.buffer((BytePointer) null);
      avio_context_free(avio);
    }
  }
}
