package dev.barbiton.file.mp4;

import dev.barbiton.assets.RandomAccessSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.TestMedia;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutated and truncated fragmented files: the indexer returns an index, nothing, or an {@link
 * Mp4ParseException} of its own making, quickly and within the default heap.
 */
class FuzzTest {
  private static final int VARIANTS = 1000;
  private static final Set<String> CONTAINERS =
      Set.of("moov", "trak", "mdia", "minf", "stbl", "mvex", "moof", "traf");

  /** The offsets of every box header in a well-formed file, nested ones included. */
  private static List<Integer> headers(byte[] file, int start, int end, List<Integer> into) {
    ByteBuffer b = ByteBuffer.wrap(file);
    for (int at = start; at + 8 <= end; ) {
      int size = b.getInt(at);
      if (size < 8) break;
      into.add(at);
      String type = new String(file, at + 4, 4, StandardCharsets.ISO_8859_1);
      if (CONTAINERS.contains(type)) headers(file, at + 8, at + size, into);
      at += size;
    }
    return into;
  }

  private static byte[] mutate(byte[] original, List<Integer> headers, List<NaiveBoxes.Box> moofs, Random r) {
    byte[] file = original.clone();
    int mutations = 1 + r.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      int header = headers.get(r.nextInt(headers.size()));
      switch (r.nextInt(6)) {
        case 0 -> file[header + r.nextInt(8)] ^= (byte) (1 << r.nextInt(8)); // a header bit
        case 1 -> file[header + r.nextInt(8)] = (byte) r.nextInt(256); // a header byte
        case 2 -> { // a size field set to a hostile value
          long[] sizes = {0, 1, 7, 0xffffffffL, 0x80000000L, 8, 9};
          ByteBuffer.wrap(file).putInt(header, (int) sizes[r.nextInt(sizes.length)]);
        }
        case 3 -> { // a huge or "negative" largesize
          ByteBuffer b = ByteBuffer.wrap(file);
          b.putInt(header, 1);
          if (header + 16 <= file.length) b.putLong(header + 8, r.nextBoolean() ? -1L - r.nextInt(1000) : Long.MAX_VALUE - r.nextInt(1000));
        }
        case 4 -> { // bytes inside a moof body
          NaiveBoxes.Box moof = moofs.get(r.nextInt(moofs.size()));
          for (int i = 0; i < 1 + r.nextInt(8); i++) {
            file[(int) (moof.offset() + 8 + r.nextInt((int) moof.size() - 8))] = (byte) r.nextInt(256);
          }
        }
        default -> file[r.nextInt(file.length)] = (byte) r.nextInt(256); // anywhere
      }
    }
    return r.nextInt(4) == 0 ? Arrays.copyOf(file, r.nextInt(file.length)) : file;
  }

  @Test
  @Timeout(60)
  void mutatedFiles_giveAnIndexNothingOrAParseError() throws IOException {
    List<Path> bases = List.of(SampleMedia.fragmented(6, 2.0, true, true).cachedIn(TestMedia.dir()),
        FfmpegMedia.audioVideo("av-gop50-halfsecond", 5, 50, "").fragmentMicros(500_000).path());
    int[] outcomes = new int[3];
    long slowestNanos = 0;
    for (int variant = 0; variant < VARIANTS; variant++) {
      byte[] original = Files.readAllBytes(bases.get(variant % bases.size()));
      Random r = new Random(variant);
      byte[] file = mutate(original, headers(original, 0, original.length, new ArrayList<>()),
          NaiveBoxes.ofType(original, "moof"), r);
      long available = r.nextInt(file.length + 1);
      long start = System.nanoTime();
      try {
        boolean built = SegmentIndexer.build(RandomAccessSource.of(file), file.length).isPresent();
        SegmentIndexer.fromSidx(RandomAccessSource.of(file), available);
        SegmentIndexer.fromSidx(RandomAccessSource.of(file), file.length);
        outcomes[built ? 0 : 1]++;
      } catch (Mp4ParseException e) {
        outcomes[2]++;
        // A parse error comes from a check, not from an unexpected exception that was wrapped.
        if (e.getCause() != null && !(e.getCause() instanceof ArithmeticException)) {
          fail("variant " + variant + ": " + e, e);
        }
      } catch (RuntimeException | Error e) {
        fail("variant " + variant + ": " + e, e);
      }
      slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
    }
    assertEquals(VARIANTS, outcomes[0] + outcomes[1] + outcomes[2]);
    // The mutations must reach all three outcomes, or they test too little.
    assertTrue(outcomes[0] > 0 && outcomes[1] > 0 && outcomes[2] > 0, Arrays.toString(outcomes));
    assertTrue(slowestNanos < 5_000_000_000L, "slowest variant took " + slowestNanos / 1_000_000 + " ms");
  }
}
