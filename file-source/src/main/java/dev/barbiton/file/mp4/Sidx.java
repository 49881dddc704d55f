package dev.barbiton.file.mp4;

import dev.barbiton.file.isobmff.BoxHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A segment index box (ISO/IEC 14496-12 8.16.3): consecutive byte ranges of the file, each with
 * its duration on one track and whether it starts with a stream access point.
 *
 * @param offset the absolute offset of the {@code sidx} box
 * @param referenceId the track the durations are measured on
 * @param timescale of the durations and times, nonzero
 * @param earliestPresentationTime of the first range, in {@code timescale}
 * @param firstReference the absolute offset of the first range: the end of the box plus {@code
 *     first_offset}
 * @param references the ranges, back to back from {@code firstReference}
 */
record Sidx(long offset, int referenceId, long timescale, long earliestPresentationTime,
    long firstReference, List<Reference> references) {

  /**
   * One range.
   *
   * @param toIndex true if the range holds another {@code sidx} rather than media
   * @param size its length in bytes
   * @param duration in the index's timescale
   * @param startsWithSap whether it starts with a stream access point (a sync sample)
   */
  record Reference(boolean toIndex, long size, long duration, boolean startsWithSap) {}

  Sidx {
    references = List.copyOf(references);
  }

  /**
   * Decodes {@code sidx}, whose bytes are {@code bytes} (index 0 = {@code sidx.offset()}).
   *
   * @throws Mp4ParseException if the box is cut short, a field is out of range, or the ranges run
   *     past 2^63
   */
  static Sidx decode(ByteBuffer bytes, BoxHeader sidx) throws Mp4ParseException {
    BoxReader r = new BoxReader(bytes, sidx.offset(), sidx).fullBox();
    int referenceId = r.trackId();
    long timescale = r.timescale();
    long earliest = r.u32or64("earliest_presentation_time");
    long firstOffset = r.u32or64("first_offset");
    r.skip(2); // reserved
    int count = r.u16();
    r.need(12L * count, "reference_count " + count);
    List<Reference> references = new ArrayList<>(count);
    long end = sidx.end();
    try {
      long position = Math.addExact(end, firstOffset);
      long time = earliest;
      for (int i = 0; i < count; i++) {
        long typeAndSize = r.u32();
        long duration = r.u32();
        long sap = r.u32();
        long size = typeAndSize & 0x7fffffffL;
        if (size == 0) throw r.error("reference " + i + " has referenced_size 0");
        references.add(new Reference((typeAndSize & 0x80000000L) != 0, size, duration,
            (sap & 0x80000000L) != 0));
        position = Math.addExact(position, size);
        time = Math.addExact(time, duration);
      }
      return new Sidx(sidx.offset(), referenceId, timescale, earliest, end + firstOffset, references);
    } catch (ArithmeticException e) {
      throw r.error("ranges or times run past 2^63");
    }
  }
}
