package dev.barbiton.assets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A downloader of the {@link Pattern} for tests: holds the writer of a resource and, each time a
 * reader blocks on a missing byte, writes the missing run around it (as a download would fetch
 * it again); commits once the resource is stored whole again.
 */
final class Refetcher implements AutoCloseable {
  private final AssetResource resource;
  private final ResourceWriter writer;
  private final long seed;
  private final long length;
  private final LinkedBlockingQueue<Long> demands = new LinkedBlockingQueue<>();
  private final List<ByteRange> written = new ArrayList<>();
  private final Thread thread;
  private volatile Throwable failure;
  /** Not an interrupt: one during a write would close the store's file channel. */
  private volatile boolean stopped;

  Refetcher(AssetResource resource, long seed, long length) throws Exception {
    this.resource = resource;
    this.writer = resource.claimWriter();
    this.seed = seed;
    this.length = length;
    writer.onDemand(demands::add);
    thread = new Thread(this::run, "refetcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (!stopped) {
        Long pos = demands.poll(100, TimeUnit.MILLISECONDS);
        if (pos != null && writer.available().contiguousFrom(pos) == 0) {
          long end = Math.min(length, nextStored(pos));
          writer.write(pos, Pattern.buffer(seed, pos, (int) (end - pos)));
          synchronized (written) {
            written.add(new ByteRange(pos, end));
          }
        }
        if (!resource.isCommitted() && writer.available().contains(0, length)) writer.commit(length);
      }
    } catch (InterruptedException e) {
      // closed
    } catch (Throwable t) {
      failure = t;
    }
  }

  private long nextStored(long pos) {
    for (ByteRange r : writer.available().ranges()) if (r.start() > pos) return r.start();
    return Long.MAX_VALUE;
  }

  /** The bytes written. */
  ByteRanges written() {
    synchronized (written) {
      return ByteRanges.of(written);
    }
  }

  /** Waits for the commit of the refetched resource. */
  void awaitCommitted() throws Exception {
    Deadline.await("the refetched resource's commit", java.time.Duration.ofSeconds(20),
        () -> failure != null || (resource.isCommitted() && resource.contains(0, length)));
    if (failure != null) throw new AssertionError("refetcher failed", failure);
  }

  @Override
  public void close() throws Exception {
    stopped = true;
    thread.join(10_000);
    writer.close();
  }
}
