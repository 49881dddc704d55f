package dev.barbiton.file.avio;

import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes FFmpeg seek, never read through, when a demuxer skips forward past what its AVIO buffer
 * holds.
 *
 * <p>Why: {@code avio_seek} treats a forward seek of up to the buffered bytes plus {@code
 * short_seek_threshold} (32 KiB in FFmpeg 8) as a read: it calls the read callback over every
 * skipped byte instead of the seek callback. Over a network stream that saves a reconnect; over our
 * inputs a seek costs nothing (it sets a position), while reading through asks for bytes nobody
 * needs, and those may not be cached: a pre-cached fragmented MP4 without {@code sidx}, whose
 * {@code moof}s FFmpeg's mov demuxer visits one after the other at open, skipping each {@code
 * mdat}, failed to open offline once its fragments were under about 36 KiB, because the skips read
 * the {@code mdat}s that were never fetched. While a file downloads, a read-through waits for the
 * skipped bytes, where a seek lets the reader ask for the bytes it wants.
 *
 * <p>How: the threshold is not public API. It lives in libavformat's {@code FFIOContext}, which
 * starts with the public {@code AVIOContext} and goes on with {@code short_seek_get} (a function
 * pointer) and {@code short_seek_threshold} (an int); {@code avio_alloc_context} allocates that
 * struct and returns its first member. The threshold is set to 0 only where those two fields hold
 * exactly what {@code avio_alloc_context} put there (no callback and FFmpeg's default); on any
 * other layout the context is left as it is (FFmpeg's reading through, as before) and a warning
 * says so once.
 */
final class ShortSeeks {
  private static final Logger LOG = LoggerFactory.getLogger(ShortSeeks.class);
  /** {@code SHORT_SEEK_THRESHOLD} in libavformat/aviobuf.c, which {@code avio_alloc_context} sets. */
  static final int FFMPEG_DEFAULT = 32 << 10;
  private static final long GET_OFFSET = Loader.sizeof(AVIOContext.class);
  private static final long THRESHOLD_OFFSET = GET_OFFSET + Loader.sizeof(Pointer.class);
  private static volatile boolean warned;

  private ShortSeeks() {}

  /**
   * Sets the short-seek threshold of {@code avio}, fresh from {@code avio_alloc_context}, to 0.
   *
   * @return whether it was set; false (and FFmpeg's default kept) on an unexpected layout
   */
  static boolean disable(AVIOContext avio) {
    BytePointer fields = new BytePointer(avio);
    Pointer callback = fields.getPointerValue(GET_OFFSET);
    int threshold = fields.getInt(THRESHOLD_OFFSET);
    if ((callback != null && !callback.isNull()) || threshold != FFMPEG_DEFAULT) {
      if (!warned) {
        warned = true;
        LOG.warn("FFmpeg's AVIO context is not laid out as expected (threshold {} at offset {}): short forward seeks read"
            + " through the skipped bytes", threshold, THRESHOLD_OFFSET);
      }
      return false;
    }
    fields.putInt(THRESHOLD_OFFSET, 0);
    return true;
  }

  /** The threshold of {@code avio} as FFmpeg's {@code avio_seek} reads it, for tests. */
  static int threshold(AVIOContext avio) {
    return new BytePointer(avio).getInt(THRESHOLD_OFFSET);
  }
}
