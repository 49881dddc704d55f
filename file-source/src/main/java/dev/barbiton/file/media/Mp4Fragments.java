package dev.barbiton.file.media;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.isobmff.BoxIterator;
import dev.barbiton.file.isobmff.MalformedBoxException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The first movie fragment of a fragmented MP4 (ISO/IEC 14496-12 8.8): for each track, its
 * samples' durations from {@code tfhd} and {@code trun}, whose most common value gives the frame
 * rate that an empty {@code moov} does not state (a fragment's last sample often lasts less or
 * more, as its muxer guessed it).
 */
final class Mp4Fragments {
  private static final int MAX_BOXES = 256;

  private Mp4Fragments() {}

  /** One track's samples in the fragment, and the duration most of them have. */
  record Run(long samples, long ticks, long commonDuration) {}

  /** The runs of each track of {@code moof} (whole in {@code bytes}; index 0 = absolute {@code origin}). */
  static Map<Long, Run> read(ByteBuffer bytes, long origin, BoxHeader moof) {
    SniffWindow w = new SniffWindow(bytes, Integer.MAX_VALUE);
    Map<Long, Run> runs = new HashMap<>();
    int boxes = 0;
    try {
      BoxIterator trafs = BoxIterator.children(bytes, origin, moof);
      while (trafs.hasNext() && boxes++ < MAX_BOXES) {
        BoxHeader traf = trafs.next();
        if (!traf.type().equals("traf")) continue;
        long track = -1;
        long defaultDuration = 0;
        long samples = 0;
        long ticks = 0;
        Map<Long, Integer> durations = new HashMap<>();
        BoxIterator children = BoxIterator.children(bytes, origin, traf);
        while (children.hasNext() && boxes++ < MAX_BOXES) {
          BoxHeader box = children.next();
          long p = box.payloadOffset() - origin;
          long size = box.size() - box.headerSize();
          if (size < 8 || !w.has(p, size)) continue;
          int flags = (int) (w.u32(p) & 0xFFFFFF);
          if (box.type().equals("tfhd")) {
            track = w.u32(p + 4);
            long q = p + 8 + ((flags & 0x01) != 0 ? 8 : 0) + ((flags & 0x02) != 0 ? 4 : 0);
            if ((flags & 0x08) != 0 && q + 4 <= p + size) defaultDuration = w.u32(q);
          } else if (box.type().equals("trun")) {
            long count = w.u32(p + 4);
            long q = p + 8 + ((flags & 0x01) != 0 ? 4 : 0) + ((flags & 0x04) != 0 ? 4 : 0);
            int each = Integer.bitCount(flags & 0xF00) * 4;
            if (count * each > p + size - q) continue;
            for (long i = 0; i < count; i++) {
              long d = (flags & 0x100) != 0 ? w.u32(q + i * each) : defaultDuration;
              ticks += d;
              if (durations.size() < 64) durations.merge(d, 1, Integer::sum);
            }
            samples += count;
          }
        }
        long common = durations.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0L);
        if (track >= 0 && samples > 0 && common > 0) runs.put(track, new Run(samples, ticks, common));
      }
    } catch (MalformedBoxException e) {
      // a malformed box: the runs read stand
    }
    return runs;
  }
}
