package dev.barbiton.file.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import okio.BufferedSource;

/**
 * Reads a response body in chunks. A failure that comes after some bytes of a chunk arrived is
 * kept for the next call, so those bytes are handed over (and cached) before the failure is seen.
 * One body, one thread.
 */
final class BodyChunks {
  private final BufferedSource source;
  private IOException failureAfterBytes;

  BodyChunks(BufferedSource source) {
    this.source = source;
  }

  /**
   * Reads at least once, then on until {@code buffer} holds {@code atLeast} bytes or the body
   * ends. Returns the bytes read, or -1 at the end of the body.
   */
  int fill(ByteBuffer buffer, int atLeast) throws IOException {
    IOException pending = failureAfterBytes;
    if (pending != null) {
      failureAfterBytes = null;
      throw pending;
    }
    int total = 0;
    do {
      int n;
      try {
        n = source.read(buffer);
      } catch (IOException e) {
        if (total == 0) throw e;
        failureAfterBytes = e;
        return total;
      }
      if (n < 0) return total == 0 ? -1 : total;
      total += n;
    } while (buffer.position() < atLeast && buffer.hasRemaining());
    return total;
  }
}
