package dev.barbiton.file.download;

import dev.barbiton.assets.ResourceKey;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.CRC32;

/**
 * The queue on disk: {@code downloads.queue} in the cache directory, a small versioned binary file
 * of our own (the core runs on Android, so no JSON library).
 *
 * <p>Layout, big-endian: magic {@code "BDLQ"}, version (int, 1), the next id (long), the count
 * (int), then each download in list order, then a CRC32 of everything before it (long). Strings are
 * an int length and UTF-8 bytes. Writing is crash-safe as the store's index is: the whole file is
 * written to {@code downloads.queue.tmp}, forced, and renamed over the old one atomically; a crash
 * leaves the old file or the new one, never a mix.
 */
final class QueueFile {
  static final String NAME = "downloads.queue";
  private static final int MAGIC = 0x42444C51; // "BDLQ"
  private static final int VERSION = 1;
  private static final int MAX_STRING = 1 << 20;
  private static final int MAX_DOWNLOADS = 1 << 20;

  /** What a read found: the downloads in order and the next id to hand out. */
  record Contents(List<Download> downloads, long nextId) {}

  private final Path file;
  private final Path temp;

  QueueFile(Path directory) {
    this.file = directory.resolve(NAME);
    this.temp = directory.resolve(NAME + ".tmp");
  }

  Path path() {
    return file;
  }

  /**
   * Reads the queue; an absent file is an empty queue.
   *
   * @throws CorruptQueueException if the file is unreadable; it has been set aside then
   */
  Contents read() throws IOException {
    Files.deleteIfExists(temp); // a write that never finished: the file before it stands
    if (!Files.exists(file)) return new Contents(List.of(), 1);
    byte[] bytes = Files.readAllBytes(file);
    try {
      return decode(bytes);
    } catch (EOFException e) {
      throw setAside("truncated at " + bytes.length + " bytes");
    } catch (IllegalArgumentException | IOException e) {
      throw setAside(e.getMessage());
    }
  }

  private CorruptQueueException setAside(String problem) throws IOException {
    Path aside = file.resolveSibling(NAME + ".corrupt");
    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
    return new CorruptQueueException(file, aside, problem);
  }

  /** Replaces the file with {@code contents}, atomically. */
  void write(Contents contents) throws IOException {
    byte[] bytes = encode(contents);
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) channel.write(buffer);
      channel.force(true);
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static byte[] encode(Contents contents) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(raw);
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeLong(contents.nextId());
    out.writeInt(contents.downloads().size());
    for (Download d : contents.downloads()) writeDownload(out, d);
    CRC32 crc = new CRC32();
    crc.update(raw.toByteArray());
    out.writeLong(crc.getValue());
    out.flush();
    return raw.toByteArray();
  }

  static Contents decode(byte[] bytes) throws IOException {
    if (bytes.length < 8 + 8) throw new EOFException();
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    long stored = ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 0, bytes.length - 8));
    int magic = in.readInt();
    if (magic != MAGIC) throw new IOException("not a download queue: magic " + Integer.toHexString(magic));
    int version = in.readInt();
    if (version != VERSION) throw new IOException("version " + version + ", this build reads " + VERSION);
    if (crc.getValue() != stored) throw new IOException("checksum mismatch");
    long nextId = in.readLong();
    int count = in.readInt();
    if (count < 0 || count > MAX_DOWNLOADS) throw new IOException("count out of range: " + count);
    List<Download> downloads = new ArrayList<>(Math.min(count, 1024));
    for (int i = 0; i < count; i++) downloads.add(readDownload(in));
    if (in.available() != 0) throw new IOException(in.available() + " bytes after the last download");
    return new Contents(downloads, nextId);
  }

  private static void writeDownload(DataOutputStream out, Download d) throws IOException {
    DownloadRequest r = d.request();
    writeString(out, d.id());
    writeString(out, r.uri().toString());
    out.writeInt(r.headers().size());
    for (var h : r.headers().entrySet()) {
      writeString(out, h.getKey());
      writeString(out, h.getValue());
    }
    writeOptional(out, r.cacheKey().map(ResourceKey::value));
    out.writeInt(r.priority());
    DownloadRange range = r.range();
    if (range instanceof DownloadRange.Bytes b) {
      out.writeByte(1);
      out.writeLong(b.start());
      out.writeLong(b.end());
    } else if (range instanceof DownloadRange.Time t) {
      out.writeByte(2);
      out.writeLong(t.from().toNanos());
      out.writeLong(t.to().map(Duration::toNanos).orElse(-1L));
    } else {
      out.writeByte(0);
    }
    out.writeByte(d.state().ordinal());
    writeOptional(out, d.stopReason());
    out.writeBoolean(d.failure().isPresent());
    if (d.failure().isPresent()) {
      DownloadFailure f = d.failure().get();
      out.writeByte(f.kind().ordinal());
      writeString(out, f.type());
      writeString(out, f.message());
    }
    out.writeLong(d.bytesCached());
    out.writeLong(d.bytesTotal().orElse(-1));
    out.writeInt(d.failedAttempts());
    out.writeLong(d.retryAt().map(Instant::toEpochMilli).orElse(Long.MIN_VALUE));
  }

  private static Download readDownload(DataInputStream in) throws IOException {
    String id = readString(in);
    DownloadRequest.Builder r = DownloadRequest.builder(java.net.URI.create(readString(in))).id(id);
    int headers = in.readInt();
    if (headers < 0 || headers > 1024) throw new IOException("header count out of range: " + headers);
    for (int i = 0; i < headers; i++) r.header(readString(in), readString(in));
    readOptional(in).ifPresent(key -> r.cacheKey(ResourceKey.of(key)));
    r.priority(in.readInt());
    int kind = in.readByte();
    switch (kind) {
      case 0 -> r.range(DownloadRange.whole());
      case 1 -> r.range(DownloadRange.bytes(in.readLong(), in.readLong()));
      case 2 -> {
        Duration from = Duration.ofNanos(in.readLong());
        long to = in.readLong();
        r.range(DownloadRange.time(from, to < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(to))));
      }
      default -> throw new IOException("unknown range kind " + kind);
    }
    DownloadState state = enumAt(DownloadState.values(), in.readByte(), "state");
    Optional<String> stopReason = readOptional(in);
    Optional<DownloadFailure> failure = Optional.empty();
    if (in.readBoolean()) {
      DownloadFailure.Kind k = enumAt(DownloadFailure.Kind.values(), in.readByte(), "failure kind");
      failure = Optional.of(new DownloadFailure(k, readString(in), readString(in)));
    }
    long cached = in.readLong();
    long total = in.readLong();
    int attempts = in.readInt();
    long retryAt = in.readLong();
    if (cached < 0 || attempts < 0) throw new IOException("negative count in download " + id);
    return new Download(id, r.build(), state, stopReason, failure, cached,
        total < 0 ? OptionalLong.empty() : OptionalLong.of(total), attempts,
        retryAt == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(retryAt)));
  }

  private static <E> E enumAt(E[] values, int ordinal, String what) throws IOException {
    if (ordinal < 0 || ordinal >= values.length) throw new IOException(what + " out of range: " + ordinal);
    return values[ordinal];
  }

  private static void writeOptional(DataOutputStream out, Optional<String> value) throws IOException {
    out.writeBoolean(value.isPresent());
    if (value.isPresent()) writeString(out, value.get());
  }

  private static Optional<String> readOptional(DataInputStream in) throws IOException {
    return in.readBoolean() ? Optional.of(readString(in)) : Optional.empty();
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_STRING) throw new IOException("string length out of range: " + n);
    byte[] utf8 = new byte[n];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
