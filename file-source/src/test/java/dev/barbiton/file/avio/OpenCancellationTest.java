package dev.barbiton.file.avio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.FileSource;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.ServedRequest;
import dev.barbiton.testing.TestMedia;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closing the source or the input, or interrupting, while {@code AvioDemuxer.open} is blocked in a
 * read: open must throw a cancelled {@link AvioException} (FFmpeg's find_stream_info would carry on
 * with what it had), free everything and leave nothing pinned in the store.
 */
@Timeout(60)
class OpenCancellationTest extends AvioTestSupport {
  /** Close to failure, on a machine that may be running another build. */
  private static final long PROMPT_NANOS = TimeUnit.SECONDS.toNanos(2);

  @Test
  void sourceClosedWhileTheMoovDownloads_openFailsCancelled_andTheResourceCanBeRemoved() throws Exception {
    byte[] bytes = Files.readAllBytes(SampleMedia.mp4(20, false).cachedIn(TestMedia.dir()));
    long moovOffset = topLevelBox(bytes, "moov")[0];
    server.serve("/slow.mp4", bytes).throttle(10_000); // the 14 KB moov takes over a second
    int before = AvioCallbacks.live();
    FileSource source = open("/slow.mp4");
    Watched input = new Watched(RandomAccessInput.of(source));
    Opener opener = Opener.start(() -> AvioDemuxer.open(input).close());
    awaitCondition("the moov requested and started", () -> server.requests().stream()
        .anyMatch(r -> startsAtOrAfter(r, moovOffset) && r.bodyBytesSent() > 0));
    awaitCondition("open reading the moov", () -> input.readingAt >= moovOffset);
    awaitBlocked(opener.thread);
    long start = System.nanoTime();
    source.close();
    AvioException e = opener.awaitFailure(start);
    assertTrue(e.cancelled(), e::toString);
    assertEquals(AvioException.Stage.OPEN, e.stage());
    assertEquals(before, AvioCallbacks.live(), "contexts freed, bridge unregistered");
    awaitCondition("nothing pinned", () -> store.stats().pinned() == 0);
    assertTrue(store.remove(source.key()), "the resource was in the store and could be removed");
  }

  @Test
  void sourceClosedWhileFindStreamInfoWaitsForThePackets_openFailsCancelled_notWithHalfTheStreams()
      throws Exception {
    byte[] bytes = Files.readAllBytes(SampleMedia.mp4(20, true).cachedIn(TestMedia.dir()));
    long[] mdat = topLevelBox(bytes, "mdat");
    long stallAt = mdat[0] + 8 + 100; // the moov and the mdat header, then 100 bytes of the first sample
    server.serve("/stall.mp4", bytes).next(Fault.stallAfter(stallAt));
    int before = AvioCallbacks.live();
    FileSource source = open("/stall.mp4");
    Watched input = new Watched(RandomAccessInput.of(source));
    Opener opener = Opener.start(() -> AvioDemuxer.open(input).close());
    awaitCondition("server stalled", () -> server.bodyBytesSent() >= stallAt);
    // Only find_stream_info reads inside the mdat; from the stall on, a read waits for good.
    awaitCondition("open reading at the stall", () -> input.readingAt >= stallAt);
    awaitBlocked(opener.thread);
    long start = System.nanoTime();
    source.close();
    AvioException e = opener.awaitFailure(start);
    assertTrue(e.cancelled(), e::toString);
    assertEquals(AvioException.Stage.FIND_STREAM_INFO, e.stage());
    assertEquals(before, AvioCallbacks.live());
    awaitCondition("nothing pinned", () -> store.stats().pinned() == 0);
    assertTrue(store.remove(source.key()));
  }

  @Test
  void inputClosedWhileReadingTheMoov_openFailsCancelled_andNoReadTouchesTheInputAgain() throws Exception {
    // The mov demuxer, not finding a moov, seeks back to 0 and parses again in the same call.
    byte[] bytes = Files.readAllBytes(SampleMedia.mp4(5, false).cachedIn(TestMedia.dir()));
    assertCancelledAtGate(bytes, topLevelBox(bytes, "moov")[0] + 100, AvioException.Stage.OPEN);
  }

  @Test
  void inputClosedDuringFindStreamInfo_openFailsCancelled_andNoReadTouchesTheInputAgain() throws Exception {
    byte[] bytes = Files.readAllBytes(SampleMedia.mp4(5, true).cachedIn(TestMedia.dir()));
    assertCancelledAtGate(bytes, topLevelBox(bytes, "mdat")[0] + 8 + 100, AvioException.Stage.FIND_STREAM_INFO);
  }

  /** Opens {@code bytes}, closes the input while open waits at {@code gate}, checks the failure. */
  private static void assertCancelledAtGate(byte[] bytes, long gate, AvioException.Stage stage) throws Exception {
    Gate input = new Gate(bytes, gate);
    int before = AvioCallbacks.live();
    Opener opener = Opener.start(() -> AvioDemuxer.open(input).close());
    assertTrue(input.blocked.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "open reached the gate");
    long start = System.nanoTime();
    input.close();
    AvioException e = opener.awaitFailure(start);
    assertTrue(e.cancelled(), e::toString);
    assertEquals(stage, e.stage());
    assertInstanceOf(ClosedChannelException.class, e.getCause());
    assertEquals(0, input.readsAfterClose.get(), "reads after the cancelled one");
    assertEquals(before, AvioCallbacks.live());
  }

  @Test
  void openerInterruptedDuringFindStreamInfo_openFailsCancelled_interruptKept_inputClosed() throws Exception {
    byte[] bytes = Files.readAllBytes(SampleMedia.mp4(5, true).cachedIn(TestMedia.dir()));
    Gate input = new Gate(bytes, topLevelBox(bytes, "mdat")[0] + 8 + 100);
    int before = AvioCallbacks.live();
    AtomicBoolean interruptKept = new AtomicBoolean();
    Opener opener = Opener.start(() -> {
      try {
        AvioDemuxer.open(input).close();
      } finally {
        interruptKept.set(Thread.interrupted());
      }
    });
    assertTrue(input.blocked.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "open reached the gate");
    long start = System.nanoTime();
    opener.thread.interrupt();
    AvioException e = opener.awaitFailure(start);
    assertTrue(e.cancelled(), e::toString);
    assertEquals(AvioException.Stage.FIND_STREAM_INFO, e.stage());
    assertTrue(interruptKept.get(), "interrupt status kept");
    assertTrue(input.closed.get(), "a failed open closes its input");
    assertEquals(0, input.readsAfterCancel.get(), "reads after the cancelled one");
    assertEquals(before, AvioCallbacks.live());
  }

  private static boolean startsAtOrAfter(ServedRequest request, long offset) {
    String range = request.header("Range");
    if (range == null || !range.startsWith("bytes=")) return false;
    String first = range.substring("bytes=".length(), range.indexOf('-'));
    return !first.isEmpty() && Long.parseLong(first) >= offset;
  }

  /** A thread opening a demuxer, expected to block and then fail. */
  private static final class Opener {
    interface Body {
      void run() throws Exception;
    }

    final Thread thread;
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    private Opener(Body body) {
      thread = new Thread(() -> {
        try {
          body.run();
        } catch (Throwable t) {
          failure.set(t);
        }
      }, "opener");
    }

    static Opener start(Body body) {
      Opener opener = new Opener(body);
      opener.thread.start();
      return opener;
    }

    /** The opener's exception, which must come within {@link #PROMPT_NANOS} of {@code startNanos}. */
    AvioException awaitFailure(long startNanos) throws InterruptedException {
      thread.join(DEADLINE.toMillis());
      long took = System.nanoTime() - startNanos;
      assertFalse(thread.isAlive(), "open still blocked");
      assertTrue(took < PROMPT_NANOS, "open returned " + took / 1_000_000 + " ms after the cancel");
      Throwable t = failure.get();
      if (t == null) throw new AssertionError("open returned normally after its read was cancelled");
      return assertInstanceOf(AvioException.class, t, t::toString);
    }
  }

  /** An input that shows where a read is in progress: -1 between reads. */
  private static final class Watched implements RandomAccessInput {
    private final RandomAccessInput delegate;
    volatile long readingAt = -1;

    Watched(RandomAccessInput delegate) {
      this.delegate = delegate;
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
      readingAt = position;
      try {
        return delegate.read(position, dst);
      } finally {
        readingAt = -1;
      }
    }

    @Override
    public OptionalLong length() {
      return delegate.length();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /**
   * Bytes in memory whose reads at or past {@code gate} block until the input is closed or the
   * thread interrupted; counts the reads that come after that.
   */
  private static final class Gate implements RandomAccessInput {
    final CountDownLatch blocked = new CountDownLatch(1);
    final AtomicBoolean closed = new AtomicBoolean();
    final AtomicInteger readsAfterClose = new AtomicInteger();
    final AtomicInteger readsAfterCancel = new AtomicInteger();
    private final RandomAccessInput bytes;
    private final long gate;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition closing = lock.newCondition();
    private volatile boolean cancelledOnce;

    Gate(byte[] content, long gate) {
      this.bytes = RandomAccessInput.of(content);
      this.gate = gate;
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
      if (closed.get()) readsAfterClose.incrementAndGet();
      if (cancelledOnce) readsAfterCancel.incrementAndGet();
      if (closed.get()) throw new ClosedChannelException();
      if (position < gate) { // the bytes before the gate, at most
        ByteBuffer before = dst.slice();
        before.limit((int) Math.min(before.limit(), gate - position));
        int n = bytes.read(position, before);
        if (n > 0) dst.position(dst.position() + n);
        return n;
      }
      lock.lock();
      try {
        blocked.countDown();
        while (!closed.get()) closing.await();
        cancelledOnce = true;
        throw new ClosedChannelException();
      } catch (InterruptedException e) {
        cancelledOnce = true;
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted at the gate");
      } finally {
        lock.unlock();
      }
    }

    @Override
    public OptionalLong length() {
      return bytes.length();
    }

    @Override
    public void close() {
      closed.set(true);
      lock.lock();
      try {
        closing.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
