package dev.barbiton.file.download;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.isobmff.BoxIterator;
import dev.barbiton.file.isobmff.MalformedBoxException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/** The decode time a fragmented MP4's {@code moof} starts at, from its first {@code traf}'s {@code tfdt}. */
final class Mp4Fragments {
  private Mp4Fragments() {}

  /** Each track's timescale ({@code mdhd}) by its ID ({@code tkhd}). */
  static Map<Long, Long> timescales(ByteBuffer moov, BoxHeader box) throws TimeRangeException {
    Map<Long, Long> out = new HashMap<>();
    try {
      BoxIterator traks = BoxIterator.children(moov, box.offset(), box);
      while (traks.hasNext()) {
        BoxHeader trak = traks.next();
        if (!trak.type().equals("trak")) continue;
        BoxHeader tkhd = child(moov, box.offset(), trak, "tkhd");
        BoxHeader mdia = child(moov, box.offset(), trak, "mdia");
        BoxHeader mdhd = mdia == null ? null : child(moov, box.offset(), mdia, "mdhd");
        if (tkhd == null || mdhd == null) continue;
        int t = (int) (tkhd.payloadOffset() - box.offset());
        long id = moov.getInt(t + 4 + ((moov.get(t) & 0xff) == 1 ? 16 : 8)) & 0xffffffffL;
        int m = (int) (mdhd.payloadOffset() - box.offset());
        long timescale = moov.getInt(m + 4 + ((moov.get(m) & 0xff) == 1 ? 16 : 8)) & 0xffffffffL;
        if (timescale > 0) out.put(id, timescale);
      }
    } catch (MalformedBoxException | RuntimeException e) {
      throw new TimeRangeException("malformed moov at " + box.offset() + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** When {@code moof} starts, in milliseconds: its first track fragment's base decode time. */
  static long startMillis(ByteBuffer moof, BoxHeader box, Map<Long, Long> timescales) throws TimeRangeException {
    try {
      BoxHeader traf = child(moof, box.offset(), box, "traf");
      BoxHeader tfhd = traf == null ? null : child(moof, box.offset(), traf, "tfhd");
      BoxHeader tfdt = traf == null ? null : child(moof, box.offset(), traf, "tfdt");
      if (tfhd == null || tfdt == null) throw new TimeRangeException("moof at " + box.offset() + " has no traf with tfhd and tfdt");
      long id = moof.getInt((int) (tfhd.payloadOffset() - box.offset()) + 4) & 0xffffffffL;
      Long timescale = timescales.get(id);
      if (timescale == null) throw new TimeRangeException("moof at " + box.offset() + " is for track " + id + ", not in the moov");
      int d = (int) (tfdt.payloadOffset() - box.offset());
      long time = (moof.get(d) & 0xff) == 1 ? moof.getLong(d + 4) : moof.getInt(d + 4) & 0xffffffffL;
      if (time < 0) throw new TimeRangeException("tfdt at " + tfdt.offset() + " overflows");
      return Math.multiplyExact(time / timescale, 1000L) + (time % timescale) * 1000 / timescale;
    } catch (MalformedBoxException | RuntimeException e) {
      throw new TimeRangeException("malformed moof at " + box.offset() + ": " + e.getMessage(), e);
    }
  }

  private static BoxHeader child(ByteBuffer b, long origin, BoxHeader parent, String type) throws MalformedBoxException {
    BoxIterator it = BoxIterator.children(b, origin, parent);
    while (it.hasNext()) {
      BoxHeader h = it.next();
      if (h.type().equals(type)) return h;
    }
    return null;
  }
}
