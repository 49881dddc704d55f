package dev.barbiton.file.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.avio.AvioDemuxer;
import dev.barbiton.file.avio.MediaType;
import dev.barbiton.file.avio.RandomAccessInput;
import dev.barbiton.file.avio.StreamInfo;
import dev.barbiton.file.media.TrackDetails.Kind;
import dev.barbiton.file.media.VideoFormat.ChromaFormat;
import dev.barbiton.file.transcode.MediaCheck;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each file of the {@link CodecCorpus}: the codec strings equal the ones built by hand from the
 * specifications, and every value equals what FFmpeg's own probing reports for the file (its
 * demuxer and decoders, in this process): size, pixel format, profile, level, colour, sample
 * rate, channels, frame rate, duration and bitrate, and the keyframe interval that its packets'
 * key flags give.
 */
class CodecCorpusTest {

  @ParameterizedTest
  @EnumSource(CodecCorpus.class)
  void codecStrings_asBuiltByHandFromTheSpecifications(CodecCorpus file) {
    MediaInfo info = MediaProbe.describe(ByteBuffer.wrap(file.bytes()), true);
    assertEquals(file.codecs(), info.codecs(), info::toString);
    assertEquals(file.codecs(), info.tracks().stream().map(TrackDetails::codec).toList());
  }

  @ParameterizedTest
  @EnumSource(CodecCorpus.class)
  void everyValue_asFfmpegReportsIt(CodecCorpus file) throws Exception {
    byte[] bytes = file.bytes();
    MediaInfo info = MediaProbe.describe(ByteBuffer.wrap(bytes), true);
    MediaCheck packets = MediaCheck.of(bytes);
    try (AvioDemuxer demuxer = AvioDemuxer.open(RandomAccessInput.of(bytes))) {
      List<StreamInfo> streams = demuxer.streams();
      assertEquals(streams.size(), info.tracks().size(), info::toString);
      for (int i = 0; i < streams.size(); i++) {
        StreamInfo s = streams.get(i);
        TrackDetails t = info.tracks().get(i);
        AVCodecParameters par = demuxer.formatContext().streams(i).codecpar();
        String where = file + " track " + i + ": " + t;
        assertEquals(s.type() == MediaType.VIDEO ? Kind.VIDEO : Kind.AUDIO, t.kind(), where);
        if (t.kind() == Kind.VIDEO) {
          var r = demuxer.formatContext().streams(i).r_frame_rate();
          video(file, s, par, (double) r.num() / r.den(), t, packets, where);
        } else {
          audio(s, par, t, where);
        }
        Optional<Duration> ffmpegDuration = duration(s);
        if (t.duration().isPresent()) {
          assertEquals(ffmpegDuration.orElseThrow().toMillis(), t.duration().get().toMillis(), 1, where);
        } else {
          assertTrue(file.name().contains("TS") || file.name().contains("RAW") || file.name().contains("FRAGMENTED"),
              "only streams without an index, and fragments not yet indexed, lack a duration: " + where);
        }
        if (t.bitrate().isPresent() && s.bitRate() > 0) {
          // From the sample sizes as FFmpeg's mov demuxer; a fragmented file's btrt states its encoder's target.
          assertEquals(s.bitRate(), t.bitrate().getAsLong(), s.bitRate() * (file.name().contains("FRAGMENTED") ? 0.03 : 0.001), where);
        }
      }
    }
  }

  private static void video(CodecCorpus file, StreamInfo s, AVCodecParameters par, double baseRate, TrackDetails t,
      MediaCheck packets, String where) {
    VideoFormat v = t.video().orElseThrow();
    assertEquals(List.of(s.width(), s.height()), List.of(v.width(), v.height()), where);
    assertEquals(s.pixelFormat().contains("p10") ? 10 : 8, v.bitDepth().getAsInt(), where);
    assertEquals(ChromaFormat.YUV420, v.chroma().orElseThrow(), where + " (" + s.pixelFormat() + ")");
    CodecConfig config = t.config().orElseThrow();
    if (config instanceof CodecConfig.Avc avc) {
      assertEquals(par.profile() & 0xFF, avc.profile(), where); // FFmpeg adds 0x200 for constrained
      assertEquals(par.level(), avc.level(), where);
    } else if (config instanceof CodecConfig.Hevc hevc) {
      assertEquals(par.profile(), hevc.profile(), where);
      assertEquals(par.level(), hevc.level(), where);
    } else if (config instanceof CodecConfig.Av1 av1) {
      assertEquals(par.profile(), av1.profile(), where);
      assertEquals(par.level(), av1.level(), where);
    } else if (config instanceof CodecConfig.Vp9 vp9) {
      assertEquals(par.profile(), vp9.profile(), where);
    }
    ColourInfo unspecified = new ColourInfo(2, 2, 2, false);
    ColourInfo colour = v.colour().orElse(unspecified);
    assertEquals(List.of(par.color_primaries(), par.color_trc(), par.color_space()),
        List.of(colour.primaries(), colour.transfer(), colour.matrix()), where);
    assertEquals(par.color_range() == 2, colour.fullRange(), where); // AVCOL_RANGE_JPEG is full range
    if (file == CodecCorpus.H264_HIGH_FRAGMENTED) {
      // Of the first fragment's sample durations, the most common: FFmpeg's base rate (its average
      // over fragments counts the muxer's guess at each fragment's last sample).
      assertEquals(baseRate, t.frameRate().getAsDouble(), 0.01, where);
    } else if (t.frameRate().isPresent()) {
      assertEquals(s.frameRate(), t.frameRate().getAsDouble(), 0.01, where);
    } else {
      assertEquals(CodecCorpus.H264_RAW, file, "a raw stream without VUI timing states no rate (FFmpeg guesses 25): " + where);
    }
    int index = s.index();
    List<MediaCheck.Packet> video = packets.packets().stream().filter(p -> p.stream() == index).toList();
    long keyframes = video.stream().filter(MediaCheck.Packet::keyframe).count();
    if (t.keyframeInterval().isPresent()) {
      Duration expected = t.duration().orElseThrow().dividedBy(keyframes);
      assertEquals(expected.toMillis(), t.keyframeInterval().get().toMillis(), 1, where + " with " + keyframes + " keyframes");
    } else {
      List<String> withoutIndex = List.of("H264_HIGH_TS", "H264_RAW", "H264_HIGH_FRAGMENTED");
      assertTrue(withoutIndex.contains(file.name()), "keyframes not listed in an index: " + where);
    }
    assertFalse(keyframes < 2, "the corpus has a keyframe every second: " + where);
  }

  private static void audio(StreamInfo s, AVCodecParameters par, TrackDetails t, String where) {
    AudioFormat a = t.audio().orElseThrow();
    assertEquals(s.sampleRate(), a.sampleRate(), where);
    assertEquals(s.channels(), a.channels(), where);
    if (t.config().orElseThrow() instanceof CodecConfig.Aac aac) {
      assertEquals(par.profile() + 1, aac.objectType(), where); // FFmpeg's AAC profiles are the object type minus one
    } else if (t.config().get() instanceof CodecConfig.Flac flac) {
      assertEquals(par.bits_per_raw_sample(), flac.bitsPerSample(), where);
      assertEquals(a.bitsPerSample().getAsInt(), flac.bitsPerSample(), where);
    }
  }

  /** The stream's duration, or the DURATION tag Matroska muxers write for each track. */
  private static Optional<Duration> duration(StreamInfo s) {
    if (s.duration().isPresent()) return s.duration();
    String tag = s.tags().get("DURATION");
    return Optional.ofNullable(MatroskaElements.parseDuration(tag));
  }

}
