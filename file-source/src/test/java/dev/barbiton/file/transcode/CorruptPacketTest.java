package dev.barbiton.file.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.avio.AvioDemuxer;
import dev.barbiton.file.avio.OutputSink;
import dev.barbiton.file.avio.RandomAccessInput;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A packet its decoder rejects: skipped and counted, or the run stops at its byte position. */
class CorruptPacketTest {
  /**
   * 2 s of MJPEG in QuickTime (every packet a JPEG of its own, at the exact offset the index gives),
   * the tenth packet's bytes zeroed: the container is intact, the decoder finds no JPEG.
   */
  static byte[] damaged;
  static long damagedAt;

  @BeforeAll
  static void damageOnePacket() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Transcoder.from(GeneratedSource.testPattern(160, 120, 25, Duration.ofSeconds(2)).withoutAudio())
        .video(VideoSettings.encode("mjpeg")).format("mov").formatOption("movflags", "frag_keyframe+empty_moov")
        .build().run(OutputSink.streaming(out));
    damaged = out.toByteArray();
    try (AvioDemuxer demuxer = AvioDemuxer.open(RandomAccessInput.of(damaged.clone()))) {
      AVPacket packet = av_packet_alloc();
      for (int i = 0; i < 10; i++) {
        demuxer.readPacket(packet);
        if (i < 9) av_packet_unref(packet);
      }
      damagedAt = packet.pos();
      Arrays.fill(damaged, (int) damagedAt, (int) damagedAt + packet.size(), (byte) 0);
      av_packet_unref(packet);
      av_packet_free(packet);
    }
  }

  @Test
  void skipDropsTheFrameCountsItAndGoesOn() throws Exception {
    TranscodeResult result = Transcoder.from(RandomAccessInput.of(damaged)).video(VideoSettings.encode("libopenh264"))
        .format("matroska").build().run(OutputSink.streaming(new ByteArrayOutputStream()));
    assertEquals(1, result.corruptPackets());
    assertEquals(49, result.videoFrames());
  }

  @Test
  void abortStopsWithThePacketsPosition() {
    CorruptInputException e = assertThrows(CorruptInputException.class, () -> Transcoder.from(RandomAccessInput.of(damaged))
        .video(VideoSettings.encode("libopenh264")).corruptPackets(CorruptPacketPolicy.ABORT).format("matroska").build()
        .run(OutputSink.streaming(new ByteArrayOutputStream())));
    assertEquals(damagedAt, e.position().orElseThrow());
    assertTrue(e.getMessage().contains("at byte " + damagedAt), e.getMessage());
    assertEquals(TranscodeException.Stage.DECODE, e.stage());
  }
}
