package dev.barbiton.assets;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The bytes of one resource: a sparse file, written through its channel and read through
 * fixed-size memory-mapped windows.
 *
 * <p>Why both: writing through a mapping turns a full disk into an asynchronous SIGBUS
 * ({@code InternalError}) instead of an {@code IOException}, so the writer uses positional
 * {@link FileChannel#write}; the channel and the mappings share the page cache, so what the write
 * returned is visible through the mappings. Readers copy from the mappings with no system call.
 * One {@code MappedByteBuffer} stops at 2 GiB, hence windows.
 *
 * <p>Invariants: the file is never shorter than {@link #allocated}, and every mapping ends at or
 * before the {@code allocated} it was made under. {@code FileChannel.map} grows a file that is
 * shorter than the mapping by truncating it upwards, which would race with the writer; keeping
 * every mapping inside the file rules that out. The file only shrinks in {@link #resize}, under
 * {@code mapLock}, and never below bytes a reader may read (the caller's duty).
 *
 * <p>Threads: one writer at a time calls {@link #write}, {@link #ensureAllocated}, {@link #resize}
 * and {@link #force}; any thread calls {@link #copy}. {@code mapLock} guards mapping new windows
 * and resizing; the fast path of {@link #copy} reads the volatile window array and takes no lock.
 */
final class MappedStorage implements AutoCloseable {
  private static final boolean ABSOLUTE_BULK_PUT = hasAbsoluteBulkPut();

  private final Path file;
  private final int windowShift;
  private final long windowMask;
  private final RandomAccessFile raf;
  private final FileChannel channel;
  private final Object mapLock = new Object();

  /** Replaced, never mutated, under mapLock: a reader never sees a half-set element. */
  private volatile MappedByteBuffer[] windows = new MappedByteBuffer[0];

  private volatile long allocated;

  private MappedStorage(Path file, int windowShift, RandomAccessFile raf) throws IOException {
    this.file = file;
    this.windowShift = windowShift;
    this.windowMask = (1L << windowShift) - 1;
    this.raf = raf;
    this.channel = raf.getChannel();
    this.allocated = channel.size();
  }

  /** Opens (creating if absent) the file of a resource. */
  static MappedStorage open(Path file, int windowShift) throws IOException {
    return new MappedStorage(file, windowShift, new RandomAccessFile(file.toFile(), "rw"));
  }

  Path file() {
    return file;
  }

  /** The size of the file as this storage keeps it. */
  long allocated() {
    return allocated;
  }

  /**
   * Grows the file so that {@code [0, end)} is inside it: to {@code end} when the length is known
   * (it is then the length), else to the next window boundary so that windows map whole.
   */
  void ensureAllocated(long end, boolean lengthKnown) throws IOException {
    if (end <= allocated) return;
    long size = lengthKnown ? end : roundUpToWindow(end);
    synchronized (mapLock) {
      if (size > allocated) {
        raf.setLength(size);
        allocated = size;
      }
    }
  }

  /** Sets the file's size exactly: pre-sizes to a known length, or trims to the final length. */
  void resize(long size) throws IOException {
    synchronized (mapLock) {
      if (size != allocated) {
        raf.setLength(size);
        allocated = size;
      }
    }
  }

  /** Writes all of {@code src} at {@code pos}; the file must already be allocated there. */
  void write(long pos, ByteBuffer src) throws IOException {
    long at = pos;
    while (src.hasRemaining()) at += channel.write(src, at);
  }

  /** Forces written bytes to the storage device. */
  void force() throws IOException {
    channel.force(false);
  }

  /**
   * Copies {@code n} bytes at {@code pos} into {@code dst}, advancing its position. The caller has
   * checked that the bytes were written and published.
   */
  void copy(long pos, ByteBuffer dst, int n) throws IOException {
    int done = 0;
    while (done < n) {
      long at = pos + done;
      int index = (int) (at >>> windowShift);
      int offset = (int) (at & windowMask);
      int chunk = (int) Math.min(n - done, (1L << windowShift) - offset);
      MappedByteBuffer window = window(index, offset + chunk);
      if (ABSOLUTE_BULK_PUT) {
        copyAbsolute(window, offset, dst, chunk);
      } else {
        // Android: a view of our own, since the window's position is shared by every reader.
        ByteBuffer view = ((ByteBuffer) window).duplicate();
        ((Buffer) view).limit(offset + chunk).position(offset);
        dst.put(view);
      }
      done += chunk;
    }
  }

  /**
   * The CRC32C of the {@code len} bytes at {@code pos}, read through the mappings (a verification
   * or a new block checksum; never on a read's fast path).
   *
   * @throws IOException if the bytes are past the file's end or the file is closed
   */
  int crc32c(long pos, long len) throws IOException {
    Crc32c crc = Crc32c.create();
    long done = 0;
    while (done < len) {
      long at = pos + done;
      int index = (int) (at >>> windowShift);
      int offset = (int) (at & windowMask);
      int chunk = (int) Math.min(len - done, (1L << windowShift) - offset);
      ByteBuffer view = ((ByteBuffer) window(index, offset + chunk)).duplicate();
      ((Buffer) view).limit(offset + chunk).position(offset);
      crc.update(view);
      done += chunk;
    }
    return crc.value();
  }

  /** Java 16's absolute bulk put: no view to allocate, so a read allocates nothing. */
  @NewerJavaOnly
  private static void copyAbsolute(ByteBuffer window, int offset, ByteBuffer dst, int chunk) {
    int dstPos = dst.position();
    dst.put(dstPos, window, offset, chunk);
    ((Buffer) dst).position(dstPos + chunk);
  }

  private static boolean hasAbsoluteBulkPut() {
    try {
      ByteBuffer.class.getMethod("put", int.class, ByteBuffer.class, int.class, int.class);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private MappedByteBuffer window(int index, int neededEnd) throws IOException {
    MappedByteBuffer[] current = windows;
    if (index < current.length) {
      MappedByteBuffer window = current[index];
      if (window != null && window.capacity() >= neededEnd) return window;
    }
    return mapWindow(index, neededEnd);
  }

  private MappedByteBuffer mapWindow(int index, int neededEnd) throws IOException {
    synchronized (mapLock) {
      MappedByteBuffer[] current = windows;
      if (index < current.length && current[index] != null && current[index].capacity() >= neededEnd) {
        return current[index];
      }
      long base = (long) index << windowShift;
      long size = Math.min(1L << windowShift, allocated - base);
      if (size < neededEnd) {
        throw new IOException("bytes " + (base + neededEnd) + " of " + file + " are past its end " + allocated);
      }
      MappedByteBuffer window = channel.map(FileChannel.MapMode.READ_ONLY, base, size);
      MappedByteBuffer[] next =
          java.util.Arrays.copyOf(current, Math.max(current.length, index + 1));
      next[index] = window;
      windows = next;
      return window;
    }
  }

  private long roundUpToWindow(long end) {
    return (end + windowMask) & ~windowMask;
  }

  /**
   * Closes the channel. Mappings stay valid until collected, so a reader in the middle of a copy
   * finishes it; the JVM offers no safe portable unmap.
   */
  @Override
  public void close() throws IOException {
    raf.close();
  }
}
