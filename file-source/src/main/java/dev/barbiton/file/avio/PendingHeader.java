package dev.barbiton.file.avio;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_NEW_EXTRADATA;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_get_side_data;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_move_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import java.util.ArrayDeque;
import java.util.BitSet;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * The packets held back while the header waits for streams whose encoder hands over its global
 * header (codec private data) only with its first packet, as {@code AV_PKT_DATA_NEW_EXTRADATA}
 * side data — libaom's AV1 encoder does. A muxer on a stream writes its header once and cannot
 * patch it later (Matroska on a pipe fails the first packet with "Invalid data" otherwise), so
 * the header is written when every such stream has given its first packet, or when {@link
 * #LIMIT} packets are held, whichever comes first; then the held packets follow in order.
 *
 * <p>Used by one thread, the muxer's.
 */
final class PendingHeader {
  /** The most packets held: a stream that never gives extradata costs a bounded delay. */
  static final int LIMIT = 256;

  private final BitSet waiting = new BitSet();
  private final ArrayDeque<AVPacket> held = new ArrayDeque<>();

  /** Makes the header wait for the first packet of stream {@code index}. */
  void await(int index) {
    waiting.set(index);
  }

  /** True while some stream's first packet has not come. */
  boolean isWaiting() {
    return !waiting.isEmpty();
  }

  /**
   * Takes over {@code packet} (left blank); a first packet of a waited-for stream gives its
   * extradata to the stream's parameters. Returns true once the header may be written.
   */
  boolean hold(AVFormatContext format, AVPacket packet) {
    int index = packet.stream_index();
    if (waiting.get(index)) {
      waiting.clear(index);
      adoptExtradata(format.streams(index).codecpar(), packet);
    }
    AVPacket copy = av_packet_alloc();
    if (copy == null || copy.isNull()) throw new OutOfMemoryError("cannot allocate an AVPacket");
    av_packet_move_ref(copy, packet);
    held.add(copy);
    return waiting.isEmpty() || held.size() >= LIMIT;
  }

  /** The next held packet in arrival order, or null; the caller frees it. */
  AVPacket next() {
    return held.poll();
  }

  /** Stops waiting and frees whatever is still held. */
  void clear() {
    waiting.clear();
    for (AVPacket packet; (packet = held.poll()) != null; ) av_packet_free(packet);
  }

  private static void adoptExtradata(AVCodecParameters parameters, AVPacket packet) {
    if (parameters.extradata_size() > 0) return;
    try (SizeTPointer size = new SizeTPointer(1)) {
      BytePointer data = av_packet_get_side_data(packet, AV_PKT_DATA_NEW_EXTRADATA, size);
      long length = size.get();
      if (data == null || data.isNull() || length <= 0 || length > Integer.MAX_VALUE - AV_INPUT_BUFFER_PADDING_SIZE) {
        return; // Nothing to adopt: the muxer decides what a stream without extradata means.
      }
      BytePointer copy = new BytePointer(av_mallocz(length + AV_INPUT_BUFFER_PADDING_SIZE));
      if (copy.isNull()) throw new OutOfMemoryError("cannot allocate " + length + " bytes of extradata");
      Pointer.memcpy(copy, data, length);
      parameters.extradata(copy);
      parameters.extradata_size((int) length);
    }
  }
}
