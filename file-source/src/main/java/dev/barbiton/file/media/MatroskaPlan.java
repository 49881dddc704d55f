package dev.barbiton.file.media;

import dev.barbiton.file.media.EbmlReader.Element;
import dev.barbiton.file.media.MediaProbe.Range;
import java.nio.ByteBuffer;

/**
 * {@link MediaProbe}'s way through a Matroska file: the head ({@link MatroskaFile#readHead}),
 * then each of Info, Tracks, Cues and Tags that the SeekHead names and the head did not hold —
 * first the element's header, then the element whole.
 */
final class MatroskaPlan implements MediaProbe.Plan {
  private static final int HEADER = 16;
  private static final long INFO = 1;
  private static final long TRACKS = 2;
  private static final long CUES = 3;
  private static final long TAGS = 4;

  private MatroskaFile file;
  private Range want;
  /** Which element {@code want} is for, and whether it asks for its header or all of it. */
  private long wanted;
  private boolean header;
  /** The elements given up on or read, by the numbers above as bits. */
  private int tried;

  @Override
  public Range next() {
    return want;
  }

  @Override
  public boolean complete() {
    return file != null && file.tracksRead && (file.cuesAt < 0 || file.cuesRead) && (file.tagsAt < 0 || file.tagsRead);
  }

  @Override
  public void supply(Range range, ByteBuffer bytes) {
    SniffWindow w = new SniffWindow(bytes, Integer.MAX_VALUE);
    if (file == null) {
      file = MatroskaFile.readHead(w);
    } else if (header) {
      EbmlReader r = new EbmlReader(w, range.offset(), 4);
      Element e = r.element(range.offset(), Long.MAX_VALUE);
      if (e != null && !e.unknownSize() && e.size() <= MediaProbe.MAX_RANGE) {
        header = false;
        want = new Range(range.offset(), r.end(e) - range.offset());
        return;
      }
      tried |= 1 << wanted;
    } else {
      file.readElement(w, range.offset());
      tried |= 1 << wanted;
    }
    plan();
  }

  private void plan() {
    want = null;
    if (!file.headerRead || file.segmentData < 0) return;
    if (ask(INFO, file.infoRead, file.infoAt)) return;
    if (ask(TRACKS, file.tracksRead, file.tracksAt)) return;
    if (!file.tracksRead) return; // no tracks: their cues and tags mean nothing
    if (ask(CUES, file.cuesRead, file.cuesAt)) return;
    ask(TAGS, file.tagsRead, file.tagsAt);
  }

  private boolean ask(long element, boolean read, long at) {
    if (read || at < 0 || (tried & 1 << element) != 0) return false;
    wanted = element;
    header = true;
    want = new Range(at, HEADER);
    return true;
  }

  @Override
  public MediaInfo info(MediaInfo sniffed) {
    if (file == null) return sniffed;
    return EbmlSniffer.describe(file, complete()).orElse(sniffed);
  }
}
