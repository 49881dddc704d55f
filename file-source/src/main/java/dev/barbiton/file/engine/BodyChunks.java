package dev.barbiton.file.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import okio.BufferedSource;

/**
 * Reads a response body in chunks. A failure that comes after some bytes of a chunk arrived is
 * kept for the next call, so those bytes are handed over (and cached) before the failure is seen.
 * One body, one thread.
 *
 * <p>A chunk gathers what has already arrived, so the cache gets few large writes rather than one
 * per 8 KiB socket read, but it never waits for bytes while it holds some: after the first read,
 * it reads on only while okio's buffer or the socket's receive buffer ({@link SocketBacklog})
 * already holds bytes. Bytes in hand are therefore handed over as soon as no further byte is
 * there, and a reader waits for them no longer than the reads of at most one buffer's worth of
 * bytes that had already arrived.
 */
final class BodyChunks {
  private final BufferedSource source;
  private IOException failureAfterBytes;

  private final SocketBacklog backlog;

  BodyChunks(BufferedSource source, SocketBacklog backlog) {
    this.source = source;
    this.backlog = backlog;
  }

  /**
   * Reads at least once, then on until {@code buffer} holds {@code atLeast} bytes or the body
   * ends, and further while bytes that already arrived fit. Returns the bytes read, or -1 at the
   * end of the body.
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
    } while (buffer.hasRemaining() && (buffer.position() < atLeast || arrived()));
    return total;
  }

  /** Whether a read would return at once: okio holds bytes, or the socket does. */
  private boolean arrived() {
    return source.getBuffer().size() > 0 || backlog.hasBytes();
  }
}
