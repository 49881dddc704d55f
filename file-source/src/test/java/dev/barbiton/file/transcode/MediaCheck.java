package dev.barbiton.file.transcode;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * What a test learns of an output by decoding it again in this process: its streams, its decoded
 * video frames and their last timestamp, and its packets' checksums.
 */
record MediaCheck(String format, List<StreamInfo> streams, int videoFrames, long lastVideoMillis, int audioFrames,
    long lastAudioEndMillis, List<Long> videoPacketChecksums, List<Long> audioPacketChecksums) {

  static MediaCheck of(Path file) throws IOException {
    return of(Files.readAllBytes(file));
  }

  static MediaCheck of(byte[] bytes) throws IOException {
    List<Long> video = new ArrayList<>();
    List<Long> audio = new ArrayList<>();
    String format;
    List<StreamInfo> streams;
    try (AvioDemuxer demuxer = AvioDemuxer.open(RandomAccessInput.of(bytes))) {
      format = demuxer.formatName();
      streams = demuxer.streams();
      AVPacket packet = av_packet_alloc();
      try {
        while (demuxer.readPacket(packet)) {
          ByteBuffer data = packet.data().capacity(packet.size()).asByteBuffer();
          CRC32C crc = new CRC32C();
          crc.update(data);
          StreamInfo info = streams.get(packet.stream_index());
          (info.type() == MediaType.VIDEO ? video : audio).add(crc.getValue());
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
    try (SimpleDecoder decoder = SimpleDecoder.open(AvioDemuxer.open(RandomAccessInput.of(bytes)))) {
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
    return new MediaCheck(format, streams, videoFrames, lastVideo, audioFrames, lastAudioEnd, video, audio);
  }

  Optional<StreamInfo> video() {
    return streams.stream().filter(s -> s.type() == MediaType.VIDEO).findFirst();
  }

  Optional<StreamInfo> audio() {
    return streams.stream().filter(s -> s.type() == MediaType.AUDIO).findFirst();
  }
}
