package dev.barbiton.file.media;

import static dev.barbiton.file.media.SniffFixtures.box;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.media.codec.AnnexB;
import dev.barbiton.file.media.codec.Av1SequenceHeader;
import dev.barbiton.file.media.codec.AudioConfigs;
import dev.barbiton.file.media.codec.AvcParameterSets;
import dev.barbiton.file.media.codec.BitstreamException;
import dev.barbiton.file.media.codec.HdrMetadata;
import dev.barbiton.file.media.codec.HevcParameterSets;
import dev.barbiton.file.media.codec.TrackBuilder;
import dev.barbiton.file.media.codec.VideoFacts;
import dev.barbiton.file.media.codec.Vp9Config;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile input for the track readers: seeded mutations of the corpus files that aim at their
 * parameter sets and configuration records (the bytes of {@code avcC}, {@code hvcC}, {@code
 * av1C}, {@code vpcC}, {@code esds}, {@code dOps}, {@code dfLa}, Matroska's CodecPrivate, the
 * Annex-B units of a transport stream), and of the hand-built records fed to each reader alone.
 * Nothing may throw but {@link BitstreamException} from a reader, and nothing at all from {@link
 * MediaProbe}, each input in bounded time. The fuzzer of the reliability module runs the same
 * readers at any size, in child JVMs.
 */
class MediaProbeFuzzTest {
  /** Mutations per corpus file; {@code -Dbarbiton.probe.fuzz.rounds} for more. */
  private static final int ROUNDS = Integer.getInteger("barbiton.probe.fuzz.rounds", 150);
  private static final long SEED = Long.getLong("barbiton.probe.fuzz.seed", 0xC0DEC);

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void mutatedCorpus_probeNeverThrows() {
    SplittableRandom random = new SplittableRandom(SEED);
    int described = 0;
    for (CodecCorpus file : CodecCorpus.values()) {
      byte[] original = file.bytes();
      List<int[]> targets = ConfigTargets.find(original);
      assertTrue(!targets.isEmpty() || file.name().contains("RAW"), file + " has configuration records to aim at");
      for (int round = 0; round < ROUNDS; round++) {
        byte[] input = ConfigTargets.mutate(original, targets, random);
        long started = System.nanoTime();
        MediaInfo info = MediaProbe.describe(ByteBuffer.wrap(input), true);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(millis < 2_000, file + " round " + round + " took " + millis + " ms");
        if (info.hasTrackDetails()) described++;
      }
    }
    assertTrue(described > ROUNDS, "most mutations leave something to describe: " + described);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void mutatedRecords_eachReaderThrowsOnlyItsOwnException() {
    SplittableRandom random = new SplittableRandom(SEED ^ 0x5EED);
    List<byte[]> records = List.of(HandBuilt.hvcC(), HandBuilt.av1C(), HandBuilt.vpcCHdr(), HandBuilt.dvcC(),
        HandBuilt.hevcSps(), HandBuilt.hevcVps(), HandBuilt.hevcHdrSei());
    for (int round = 0; round < 20_000; round++) {
      byte[] record = records.get(round % records.size()).clone();
      int flips = 1 + random.nextInt(6);
      for (int i = 0; i < flips; i++) record[random.nextInt(record.length)] ^= (byte) (1 << random.nextInt(8));
      if (random.nextInt(4) == 0) record = Arrays.copyOf(record, random.nextInt(record.length + 1));
      readEveryWay(record);
    }
    for (int round = 0; round < 5_000; round++) {
      byte[] noise = new byte[random.nextInt(64)];
      for (int i = 0; i < noise.length; i++) noise[i] = (byte) random.nextInt(256);
      readEveryWay(noise);
    }
  }

  /** Feeds {@code b} to every reader, as each would meet it. */
  private static void readEveryWay(byte[] b) {
    VideoFacts v = new VideoFacts();
    attempt(() -> HevcParameterSets.readConfigurationRecord(b, 0, b.length, v));
    attempt(() -> HevcParameterSets.readSps(b, 0, b.length, v));
    attempt(() -> HevcParameterSets.readVps(b, 0, b.length, v));
    attempt(() -> AvcParameterSets.readConfigurationRecord(b, 0, b.length, v));
    attempt(() -> AvcParameterSets.readSps(b, 0, b.length, v));
    attempt(() -> Av1SequenceHeader.readConfigurationRecord(b, 0, b.length, v));
    attempt(() -> Av1SequenceHeader.readObus(b, 0, b.length, v));
    attempt(() -> Vp9Config.readVpcc(b, 0, b.length, 1, v));
    attempt(() -> Vp9Config.readKeyFrame(b, 0, b.length, new Vp9Config.FrameRate(25, 1), v));
    attempt(() -> Vp9Config.readCodecPrivate(b, 0, b.length, 10, v));
    attempt(() -> HdrMetadata.readSei(b, 0, b.length, 2, v));
    attempt(() -> HdrMetadata.masteringDisplay(b, 0));
    attempt(() -> HdrMetadata.colr(b, 0, b.length));
    attempt(() -> HdrMetadata.dolbyVision(b, 0, b.length, "hvc1"));
    attempt(() -> AudioConfigs.audioSpecificConfig(b, 0, b.length));
    attempt(() -> AudioConfigs.adts(b, 0, b.length));
    attempt(() -> AudioConfigs.dOps(b, 0, b.length));
    attempt(() -> AudioConfigs.opusHead(b, 0, b.length));
    attempt(() -> AudioConfigs.streamInfo(b, 0, b.length, b.length % 2 == 0));
    attempt(() -> AnnexB.read(AnnexB.Codec.HEVC, b, 0, b.length, new TrackBuilder()));
    attempt(() -> AnnexB.read(AnnexB.Codec.H264, b, 0, b.length, new TrackBuilder()));
    attempt(() -> v.build());
    // And inside a sample entry, through the whole probe.
    MediaProbe.describe(ByteBuffer.wrap(HandBuilt.mp4(HandBuilt.visualEntry("hvc1", 64, 64, box("hvcC", b)))), true);
    MediaProbe.describe(ByteBuffer.wrap(HandBuilt.mp4(HandBuilt.visualEntry("av01", 64, 64, box("av1C", b)))), true);
  }

  private interface Read {
    void run() throws BitstreamException;
  }

  private static void attempt(Read read) {
    try {
      read.run();
    } catch (BitstreamException expected) {
      // the readers' one failure
    }
  }

  /** Where a file's configuration records lie, and mutations that aim at them. */
  static final class ConfigTargets {
    private static final String[] BOXES = {"avcC", "hvcC", "av1C", "vpcC", "esds", "dOps", "dfLa", "colr", "stts", "stsz", "stss", "tkhd", "mdhd"};

    /** {offset, length} of each target: MP4 boxes by type, Matroska CodecPrivate (63 A2), Annex-B SPS units, ADTS headers. */
    static List<int[]> find(byte[] f) {
      List<int[]> targets = new ArrayList<>();
      for (int i = 4; i + 4 <= f.length; i++) {
        for (String type : BOXES) {
          if (f[i] == type.charAt(0) && f[i + 1] == type.charAt(1) && f[i + 2] == type.charAt(2) && f[i + 3] == type.charAt(3)) {
            int size = ByteBuffer.wrap(f, i - 4, 4).getInt();
            if (size >= 8 && i - 4 + size <= f.length) targets.add(new int[] {i + 4, size - 8});
          }
        }
        if ((f[i] & 0xFF) == 0x63 && (f[i + 1] & 0xFF) == 0xA2 && (f[i + 2] & 0x80) != 0) {
          targets.add(new int[] {i + 3, Math.min(f[i + 2] & 0x7F, f.length - i - 3)});
        }
        if (f[i - 3] == 0 && f[i - 2] == 0 && f[i - 1] == 1 && ((f[i] & 0x1F) == 7 || ((f[i] >>> 1) & 0x3F) == 33)) {
          targets.add(new int[] {i, Math.min(32, f.length - i)});
        }
        if ((f[i] & 0xFF) == 0xFF && (f[i + 1] & 0xF6) == 0xF0) targets.add(new int[] {i, Math.min(7, f.length - i)}); // ADTS
        if (targets.size() > 64) break;
      }
      targets.removeIf(t -> t[1] <= 0);
      return targets;
    }

    /** 1 to 4 mutations, three in four inside a target, then sometimes a cut. */
    static byte[] mutate(byte[] original, List<int[]> targets, SplittableRandom r) {
      byte[] f = original.clone();
      int mutations = 1 + r.nextInt(4);
      for (int m = 0; m < mutations; m++) {
        int at;
        int span;
        if (!targets.isEmpty() && r.nextInt(4) != 0) {
          int[] t = targets.get(r.nextInt(targets.size()));
          at = t[0];
          span = t[1];
        } else {
          at = 0;
          span = f.length;
        }
        int i = at + r.nextInt(span);
        switch (r.nextInt(5)) {
          case 0 -> f[i] ^= (byte) (1 << r.nextInt(8));
          case 1 -> f[i] = (byte) r.nextInt(256);
          case 2 -> f[i] = (byte) (r.nextBoolean() ? 0xFF : 0x00);
          case 3 -> { // a large count or length at a field
            for (int k = i; k < Math.min(f.length, i + 4); k++) f[k] = (byte) 0xFF;
          }
          default -> { // a run of random bytes
            for (int k = i; k < Math.min(f.length, i + 1 + r.nextInt(16)); k++) f[k] = (byte) r.nextInt(256);
          }
        }
      }
      if (r.nextInt(5) == 0) f = Arrays.copyOf(f, r.nextInt(f.length + 1));
      return f;
    }
  }
}
