package dev.barbiton.reliability;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.isobmff.BoxIterator;
import dev.barbiton.file.isobmff.MalformedBoxException;
import dev.barbiton.file.avio.OutputSink;
import dev.barbiton.file.transcode.AudioSettings;
import dev.barbiton.file.transcode.GeneratedSource;
import dev.barbiton.file.transcode.Transcoder;
import dev.barbiton.file.transcode.VideoSettings;
import dev.barbiton.testing.TestMedia;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The fuzzer's inputs: small real files made in this process by FFmpeg's libraries through the
 * {@link Transcoder} (MP4 with the moov first, last, and fragmented with a sidx; AV1 and Opus in
 * MP4; H.264 and AAC in MPEG-TS; WebM with VP9 and Opus; Matroska with VP8 and FLAC; MP3 with an
 * ID3 tag), and seeded mutations of them, a share of which aim at the decoder configurations
 * and parameter sets ({@link ParameterSets}). Input {@code i} of a run is a pure function of the
 * run's seed, {@code i} and the base files, so a child JVM and its parent derive the same bytes.
 */
public final class FuzzInputs {
  /** One base file. */
  public record Base(String name, byte[] bytes) {}

  private static final Set<String> MP4_CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl", "mvex", "moof", "traf", "edts", "dinf", "udta");

  private FuzzInputs() {}

  /** Makes the base files in {@code dir} unless there, and reads them. */
  public static List<Base> bases(Path dir) {
    VideoSettings h264 = VideoSettings.encode("libopenh264").bitrate(100_000).gop(5);
    AudioSettings aac = AudioSettings.encode("aac").bitrate(32_000);
    List<Base> bases = new ArrayList<>();
    bases.add(make(dir, "h264-aac-faststart.mp4", source(44_100, 1), h264, aac, "mp4", "movflags", "+faststart"));
    bases.add(make(dir, "h264-aac-moov-at-end.mp4", source(44_100, 1), h264, aac, "mp4"));
    bases.add(make(dir, "h264-aac-fragmented-sidx.mp4", source(44_100, 1), h264, aac, "mp4", "frag_duration", "300000",
        "movflags", "+frag_keyframe+empty_moov+default_base_moof+global_sidx"));
    bases.add(make(dir, "av1-opus.mp4", source(48_000, 1),
        VideoSettings.encode("libaom-av1").option("cpu-used", "8").option("usage", "realtime").gop(5),
        AudioSettings.encode("libopus").bitrate(32_000), "mp4"));
    bases.add(make(dir, "h264-aac.ts", source(44_100, 1), h264, aac, "mpegts"));
    bases.add(make(dir, "vp9-opus.webm", source(48_000, 1),
        VideoSettings.encode("libvpx-vp9").bitrate(100_000).gop(5).option("deadline", "realtime").option("cpu-used", "8"),
        AudioSettings.encode("libopus").bitrate(32_000), "webm"));
    bases.add(make(dir, "vp8-flac.mkv", source(44_100, 1),
        VideoSettings.encode("libvpx").bitrate(100_000).gop(5).option("deadline", "realtime"), AudioSettings.encode("flac"),
        "matroska"));
    // The mp3 muxer heads the file with an ID3v2.4 tag (its encoder frame).
    bases.add(make(dir, "mp3-id3.mp3", source(44_100, 2).withoutVideo(), VideoSettings.none(),
        AudioSettings.encode("libmp3lame").bitrate(64_000), "mp3"));
    return List.copyOf(bases);
  }

  /** {@code testsrc2} at 160x120 and 15 fps with a 440 Hz tone at {@code sampleRate}, for {@code seconds}. */
  private static GeneratedSource source(int sampleRate, int seconds) {
    return new GeneratedSource(Optional.of("testsrc2=size=160x120:rate=15"),
        Optional.of("sine=frequency=440:sample_rate=" + sampleRate), Duration.ofSeconds(seconds));
  }

  /** The base {@code name}, made in {@code dir} unless there; {@code options}: the muxer's, key then value. */
  private static Base make(Path dir, String name, GeneratedSource source, VideoSettings video, AudioSettings audio,
      String format, String... options) {
    Path file = TestMedia.cached(dir, name, temp -> {
      Transcoder.Builder builder = Transcoder.from(source).video(video).audio(audio).format(format);
      for (int i = 0; i < options.length; i += 2) builder.formatOption(options[i], options[i + 1]);
      builder.build().run(OutputSink.of(temp));
    });
    try {
      return new Base(name, Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Input {@code index} of a run seeded {@code seed}: a base, mutated (input 0 of each base: as is). */
  public static byte[] input(List<Base> bases, long seed, int index) {
    Base base = bases.get(index % bases.size());
    if (index < bases.size()) return base.bytes().clone();
    return mutate(base, new SplittableRandom(ChaosRunner.scenarioSeed(seed, index)));
  }

  /** 1–4 mutations, structure-aware where the format allows, then a cut in one case of four. */
  static byte[] mutate(Base base, SplittableRandom r) {
    byte[] file = base.bytes().clone();
    List<Integer> boxes = base.name().endsWith(".mp4") ? mp4Boxes(file) : List.of();
    int mutations = 1 + r.nextInt(4);
    for (int m = 0; m < mutations && file.length > 16; m++) {
      // Headers and indexes break parsers: bias half of the mutations to the first 4 KiB.
      int hot = Math.min(file.length, 4096);
      if (r.nextInt(4) == 0) { // a decoder configuration or parameter set
        ParameterSets.mutate(file, r);
        continue;
      }
      switch (r.nextInt(10)) {
        case 0 -> file[r.nextInt(file.length)] ^= (byte) (1 << r.nextInt(8));
        case 1 -> file[r.nextInt(hot)] ^= (byte) (1 << r.nextInt(8));
        case 2 -> { // a run of random bytes
          int at = r.nextInt(r.nextBoolean() ? hot : file.length);
          for (int i = at; i < Math.min(file.length, at + 1 + r.nextInt(16)); i++) file[i] = (byte) r.nextInt(256);
        }
        case 3 -> { // a hostile 32-bit size (an MP4 box, else anywhere in the headers)
          int at = boxes.isEmpty() ? r.nextInt(hot - 4) : boxes.get(r.nextInt(boxes.size()));
          long[] sizes = {0, 1, 7, 8, 9, 0x7fffffffL, 0x80000000L, 0xffffffffL, file.length, file.length + 1};
          if (at + 4 <= file.length) ByteBuffer.wrap(file).putInt(at, (int) sizes[r.nextInt(sizes.length)]);
        }
        case 4 -> { // an MP4 largesize, or an EBML size VINT of all ones (unknown/huge)
          if (!boxes.isEmpty()) {
            int at = boxes.get(r.nextInt(boxes.size()));
            if (at + 16 <= file.length) {
              ByteBuffer.wrap(file).putInt(at, 1).putLong(at + 8, r.nextBoolean() ? Long.MAX_VALUE - r.nextInt(1000) : -1 - r.nextInt(1000));
            }
          } else {
            int at = r.nextInt(hot - 8);
            file[at] = (byte) 0x01;
            Arrays.fill(file, at + 1, at + 8, (byte) 0xff);
          }
        }
        case 5 -> { // delete a range
          int from = r.nextInt(file.length);
          int len = 1 + r.nextInt(Math.max(1, Math.min(4096, file.length - from)));
          byte[] shorter = new byte[file.length - Math.min(len, file.length - from)];
          System.arraycopy(file, 0, shorter, 0, from);
          System.arraycopy(file, from + (file.length - shorter.length), shorter, from, shorter.length - from);
          file = shorter;
        }
        case 6 -> { // duplicate a range somewhere else
          int from = r.nextInt(file.length);
          int len = 1 + r.nextInt(Math.max(1, Math.min(4096, file.length - from)));
          int to = r.nextInt(file.length);
          byte[] longer = new byte[file.length + len];
          System.arraycopy(file, 0, longer, 0, to);
          System.arraycopy(file, from, longer, to, Math.min(len, file.length - from));
          System.arraycopy(file, to, longer, to + len, file.length - to);
          file = longer;
        }
        case 7 -> { // zero a region
          int at = r.nextInt(file.length);
          Arrays.fill(file, at, Math.min(file.length, at + 1 + r.nextInt(2048)), (byte) 0);
        }
        case 8 -> { // swap two bytes of a header
          int a = r.nextInt(hot);
          int b = r.nextInt(hot);
          byte t = file[a];
          file[a] = file[b];
          file[b] = t;
        }
        default -> { // an interesting value at a random header offset
          int at = r.nextInt(hot - 4);
          int[] values = {0, -1, 0x7fffffff, 0x80000000, 0xff, 0x100, 0xffff, 0x10000};
          ByteBuffer.wrap(file).putInt(at, values[r.nextInt(values.length)]);
        }
      }
    }
    if (r.nextInt(4) == 0) file = Arrays.copyOf(file, r.nextInt(file.length + 1));
    return file;
  }

  /** Offsets of every MP4 box header of a well-formed file, nested ones included. */
  private static List<Integer> mp4Boxes(byte[] file) {
    List<Integer> into = new ArrayList<>();
    ByteBuffer bytes = ByteBuffer.wrap(file);
    mp4Boxes(bytes, new BoxIterator(bytes, 0, 0, file.length), into);
    return into;
  }

  private static void mp4Boxes(ByteBuffer file, BoxIterator boxes, List<Integer> into) {
    try {
      while (boxes.hasNext()) {
        BoxHeader box = boxes.next();
        into.add((int) box.offset());
        if (MP4_CONTAINERS.contains(box.type())) mp4Boxes(file, BoxIterator.children(file, 0, box), into);
      }
    } catch (MalformedBoxException e) {
      // not a box: the offsets found so far stand
    }
  }
}
