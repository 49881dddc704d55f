package dev.barbiton.file.mp4;

import dev.barbiton.assets.RandomAccessSource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.TestMedia;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files that are not fragmented MP4 give no index, and no exception. */
@Timeout(120)
class NotFragmentedTest {

  private static void assertNoIndex(byte[] file) throws IOException {
    assertEquals(Optional.empty(), SegmentIndexer.build(RandomAccessSource.of(file), file.length));
    assertEquals(Optional.empty(), SegmentIndexer.fromSidx(RandomAccessSource.of(file), file.length));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void plainMp4_hasNoIndex(boolean faststart) throws IOException {
    assertNoIndex(Files.readAllBytes(SampleMedia.mp4(3, faststart).cachedIn(TestMedia.dir())));
  }

  @Test
  void randomBytes_haveNoIndex() throws IOException {
    Random random = new Random(42);
    for (int length : new int[] {1, 7, 8, 100, 100_000}) {
      byte[] file = new byte[length];
      random.nextBytes(file);
      assertNoIndex(file);
    }
  }

  @Test
  void emptyFile_hasNoIndex() throws IOException {
    assertNoIndex(new byte[0]);
  }

  @Test
  void text_hasNoIndex() throws IOException {
    assertNoIndex("#EXTM3U\n#EXT-X-VERSION:3\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void ftypAlone_hasNoIndex() throws IOException {
    assertNoIndex(Mp4Bytes.ftyp());
  }

  @Test
  void webmHeader_hasNoIndex() throws IOException {
    assertNoIndex(new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3, (byte) 0x9f, 0x42, (byte) 0x86, (byte) 0x81, 1});
  }
}
