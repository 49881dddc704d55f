package dev.barbiton.file.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;

import dev.barbiton.file.avio.AvioDemuxer;
import dev.barbiton.file.avio.MediaType;
import dev.barbiton.file.avio.RandomAccessInput;
import dev.barbiton.file.avio.SimpleDecoder;
import dev.barbiton.file.avio.StreamInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;

/**
 * What a test learns of media by demuxing and decoding it in this process, as {@code ffprobe}
 * would: its streams (with the container's own ID of each: an MP4 track ID), the container's
 * duration, every packet in file order, its decoded video frames and their last timestamp.
 *
 * @param streamIds the container's ID of each stream ({@code AVStream.id}), by stream index
 * @param duration the container's duration, when it says
 * @param packets every packet, in the order the demuxer reads them
 * @param videoFrames video frames decoded from the best video stream
 */
public record MediaCheck(String format, List<StreamInfo> streams, List<Integer> streamIds, Optional<Duration> duration,
    List<Packet> packets, int videoFrames, long lastVideoMillis, int audioFrames, long lastAudioEndMillis) {

  /**
   * One packet.
   *
   * @param stream its stream's index
   * @param dts its decoding time, in its stream's time base
   * @param duration in its stream's time base
   * @param pos the offset of its bytes in the file, or -1
   * @param checksum CRC-32C of its bytes
   */
  public record Packet(int stream, MediaType type, long dts, long duration, long pos, boolean keyframe, long checksum) {}

  public static MediaCheck of(Path file) throws IOException {
    return of(Files.readAllBytes(file));
  }

  public static MediaCheck of(byte[] bytes) throws IOException {
    List<Packet> packets = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    String format;
    List<StreamInfo> streams;
    Optional<Duration> duration;
    try (AvioDemuxer demuxer = AvioDemuxer.open(RandomAccessInput.of(bytes))) {
      format = demuxer.formatName();
      streams = demuxer.streams();
      duration = demuxer.duration();
      AVFormatContext context = demuxer.formatContext();
      for (int i = 0; i < context.nb_streams(); i++) ids.add(context.streams(i).id());
      AVPacket packet = av_packet_alloc();
      try {
        while (demuxer.readPacket(packet)) {
          ByteBuffer data = packet.data().capacity(packet.size()).asByteBuffer();
          CRC32C crc = new CRC32C();
          crc.update(data);
          packets.add(new Packet(packet.stream_index(), streams.get(packet.stream_index()).type(), packet.dts(),
              packet.duration(), packet.pos(), (packet.flags() & AV_PKT_FLAG_KEY) != 0, crc.getValue()));
          av_packet_unref(packet);
        }
      } finally {
        av_packet_free(packet);
      }
    }
    int videoFrames = 0;
    int audioFrames = 0;
    long lastVideo = -1;
    long lastAudioEnd = -1;
    try (AvioDemuxer demuxer = AvioDemuxer.open(RandomAccessInput.of(bytes)); SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      for (Optional<SimpleDecoder.Frame> frame; (frame = decoder.next()).isPresent(); ) {
        SimpleDecoder.Frame f = frame.get();
        long millis = f.ptsMillis().orElse(-1);
        if (f.type() == MediaType.VIDEO) {
          videoFrames++;
          lastVideo = Math.max(lastVideo, millis);
        } else {
          audioFrames++;
          int rate = decoder.audioStream().map(StreamInfo::sampleRate).orElse(48_000);
          lastAudioEnd = Math.max(lastAudioEnd, millis + f.samples() * 1000L / rate);
        }
      }
    }
    return new MediaCheck(format, streams, List.copyOf(ids), duration, List.copyOf(packets), videoFrames, lastVideo,
        audioFrames, lastAudioEnd);
  }

  public Optional<StreamInfo> video() {
    return streams.stream().filter(s -> s.type() == MediaType.VIDEO).findFirst();
  }

  public Optional<StreamInfo> audio() {
    return streams.stream().filter(s -> s.type() == MediaType.AUDIO).findFirst();
  }

  /** The checksums of the video packets, in file order. */
  public List<Long> videoPacketChecksums() {
    return packets.stream().filter(p -> p.type() == MediaType.VIDEO).map(Packet::checksum).toList();
  }

  /** The checksums of the other packets (audio), in file order. */
  public List<Long> audioPacketChecksums() {
    return packets.stream().filter(p -> p.type() != MediaType.VIDEO).map(Packet::checksum).toList();
  }
}
