package dev.barbiton.assets;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.Checksum;

/**
 * CRC32C (Castagnoli, the checksum of iSCSI and ext4's metadata) of bytes in buffers: {@code
 * java.util.zip.CRC32C} where the platform has it (Java 9 and later, Android 14 and later), which
 * the JVM turns into the CPU's own CRC instructions; elsewhere (Android 8 to 13) a table-driven
 * one, eight bytes a step, giving the same values. One instance sums one run of bytes; not
 * thread-safe.
 */
final class Crc32c {
  private static final boolean PLATFORM = hasPlatform();
  /** Reflected polynomial of CRC-32C. */
  private static final int POLY = 0x82F63B78;
  private static final int[][] TABLES = PLATFORM ? null : tables();

  private final Checksum platform;
  private int crc = ~0;

  private Crc32c(boolean usePlatform) {
    this.platform = usePlatform ? newPlatform() : null;
  }

  /** A checksum of no bytes yet. */
  static Crc32c create() {
    return new Crc32c(PLATFORM);
  }

  /** The table-driven one, whatever the platform has: for tests. */
  static Crc32c portable() {
    return new Crc32c(false);
  }

  /** Adds the bytes between {@code bytes}' position and limit, advancing its position to the limit. */
  void update(ByteBuffer bytes) {
    if (platform != null) {
      updatePlatform(platform, bytes);
      return;
    }
    int[][] t = TABLES != null ? TABLES : Portable.TABLES;
    ByteBuffer le = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int i = bytes.position();
    int end = bytes.limit();
    int c = crc;
    for (; end - i >= 8; i += 8) {
      long v = le.getLong(i);
      int lo = (int) v ^ c;
      int hi = (int) (v >>> 32);
      c = t[7][lo & 0xff] ^ t[6][(lo >>> 8) & 0xff] ^ t[5][(lo >>> 16) & 0xff] ^ t[4][lo >>> 24]
          ^ t[3][hi & 0xff] ^ t[2][(hi >>> 8) & 0xff] ^ t[1][(hi >>> 16) & 0xff] ^ t[0][hi >>> 24];
    }
    for (; i < end; i++) c = t[0][(c ^ bytes.get(i)) & 0xff] ^ (c >>> 8);
    crc = c;
    ((Buffer) bytes).position(end);
  }

  /** The checksum of every byte added. */
  int value() {
    return platform != null ? (int) platform.getValue() : ~crc;
  }

  @NewerJavaOnly
  private static Checksum newPlatform() {
    return new java.util.zip.CRC32C();
  }

  @NewerJavaOnly
  private static void updatePlatform(Checksum checksum, ByteBuffer bytes) {
    checksum.update(bytes);
  }

  private static boolean hasPlatform() {
    try {
      Class.forName("java.util.zip.CRC32C");
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Slicing-by-8 tables: {@code t[k][b]} is the CRC of byte {@code b} followed by {@code k} zero bytes. */
  private static int[][] tables() {
    int[][] t = new int[8][256];
    for (int b = 0; b < 256; b++) {
      int c = b;
      for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >>> 1) ^ POLY : c >>> 1;
      t[0][b] = c;
    }
    for (int k = 1; k < 8; k++) {
      for (int b = 0; b < 256; b++) t[k][b] = (t[k - 1][b] >>> 8) ^ t[0][t[k - 1][b] & 0xff];
    }
    return t;
  }

  /** The tables, made on first use where the platform's checksum makes them unneeded. */
  private static final class Portable {
    static final int[][] TABLES = tables();
  }
}
