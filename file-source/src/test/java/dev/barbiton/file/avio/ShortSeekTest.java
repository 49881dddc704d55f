package dev.barbiton.file.avio;

import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.ByteRange;
import dev.barbiton.assets.ByteRanges;
import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.TestMedia;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Write_packet_Pointer_BytePointer_int;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * FFmpeg seeks over what a demuxer skips instead of reading through it: a fragmented MP4 without
 * {@code sidx}, whose fragments (about 30 KB each) are shorter than FFmpeg's default short-seek
 * threshold plus a read, opens when every {@code mdat} body past the first 10 s is missing, as a
 * pre-cache of those 10 s leaves it offline.
 */
@Timeout(60)
class ShortSeekTest {
  /** The fragments whose mdat is there: the first 10 s, enough for find_stream_info. */
  private static final int PRESENT_FRAGMENTS = 20;

  @Test
  void newContext_thresholdIsFfmpegsDefault_disableSetsItToZero() {
    BytePointer buffer = new BytePointer(av_malloc(4096));
    AVIOContext avio = avio_alloc_context(buffer, 4096, 0, null, AvioCallbacks.READ,
        (Write_packet_Pointer_BytePointer_int) null, AvioCallbacks.SEEK);
    try {
      assertEquals(ShortSeeks.FFMPEG_DEFAULT, ShortSeeks.threshold(avio), "FFmpeg's default, where ShortSeeks looks for it");
      assertTrue(ShortSeeks.disable(avio));
      assertEquals(0, ShortSeeks.threshold(avio));
    } finally {
      av_free(avio.buffer());
      avio_context_free(avio);
    }
  }

  @Test
  void fragmentedWithoutSidx_laterMdatsMissing_opensWithoutReadingThem() throws Exception {
    byte[] content = Files.readAllBytes(SampleMedia.fragmented(30, 0.5, true, false).cachedIn(TestMedia.dir()));
    ByteBuffer file = ByteBuffer.wrap(content);
    List<ByteRange> present = new ArrayList<>();
    List<ByteRange> mdats = new ArrayList<>();
    int fragments = 0;
    for (long pos = 0; pos < content.length; ) {
      BoxHeader box = BoxHeader.parse(file, (int) pos, pos, content.length);
      if (box.type().equals("mdat") && ++fragments > PRESENT_FRAGMENTS) {
        mdats.add(new ByteRange(box.payloadOffset(), box.end()));
        present.add(new ByteRange(pos, box.payloadOffset()));
      } else {
        present.add(new ByteRange(pos, box.end()));
      }
      pos = box.end();
    }
    assertTrue(mdats.size() >= 30, mdats.size() + " later fragments");
    assertTrue(mdats.stream().allMatch(m -> m.end() - m.start() < ShortSeeks.FFMPEG_DEFAULT + 4096),
        "every later mdat is a short seek for FFmpeg's default threshold");
    Holes input = new Holes(content, ByteRanges.of(present));

    try (AvioDemuxer demuxer = AvioDemuxer.open(input)) {
      assertEquals(2, demuxer.streams().size(), demuxer.streams()::toString);
      assertTrue(demuxer.duration().orElseThrow().toMillis() >= 29_000, demuxer.duration()::toString);
    }
    assertTrue(input.refused.isEmpty(), "reads of missing bytes: " + input.refused);
  }

  /** The bytes of {@code present}; a read elsewhere fails, as an offline read of uncached bytes does. */
  private static final class Holes implements RandomAccessInput {
    private final byte[] content;
    private final ByteRanges present;
    final List<Long> refused = new CopyOnWriteArrayList<>();

    Holes(byte[] content, ByteRanges present) {
      this.content = content;
      this.present = present;
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
      if (position >= content.length) return -1;
      long run = present.contiguousFrom(position);
      if (run == 0) {
        refused.add(position);
        throw new IOException("not cached: " + position);
      }
      int n = (int) Math.min(run, dst.remaining());
      dst.put(content, (int) position, n);
      return n;
    }

    @Override
    public OptionalLong length() {
      return OptionalLong.of(content.length);
    }

    @Override
    public void close() {}
  }
}
