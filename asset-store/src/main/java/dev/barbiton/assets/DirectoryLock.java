package dev.barbiton.assets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The operating-system lock that makes one store the only writer of a directory. The lock file
 * holds the owner's process id so that the error for a second store can name it.
 */
final class DirectoryLock implements AutoCloseable {
  static final String FILE_NAME = ".lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DirectoryLock acquire(Path directory) throws IOException {
    Path file = directory.resolve(FILE_NAME);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      channel.close();
      throw new CacheLockedException(directory, "another store in this process");
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      String holder = readHolder(channel);
      channel.close();
      throw new CacheLockedException(directory, "another process" + (holder.isEmpty() ? "" : " (pid " + holder + ")"));
    }
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(currentPid().getBytes(StandardCharsets.US_ASCII)), 0);
    return new DirectoryLock(channel, lock);
  }

  @NewerJavaOnly // guarded: a JVM without ProcessHandle throws a LinkageError, caught here
  private static String currentPid() {
    try {
      return Long.toString(ProcessHandle.current().pid());
    } catch (LinkageError | UnsupportedOperationException e) {
      return ""; // Android has no ProcessHandle: the lock works, the message just names no pid.
    }
  }

  private static String readHolder(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(32);
      channel.read(buffer, 0);
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
      return text.matches("\\d{1,19}") ? text : "";
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
