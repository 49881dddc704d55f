package dev.barbiton.file.mp4;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately simple reading of well-formed test files, independent of the code under test:
 * the top-level boxes, and the track IDs of each {@code moof}'s {@code traf/tfhd}.
 */
final class NaiveBoxes {
  private NaiveBoxes() {}

  /** One top-level box; {@code trackIds} is filled for a {@code moof}. */
  record Box(String type, long offset, long size, List<Integer> trackIds) {
    long end() {
      return offset + size;
    }
  }

  static List<Box> topLevel(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file);
    List<Box> boxes = new ArrayList<>();
    for (int at = 0; at + 8 <= file.length; ) {
      long size = Integer.toUnsignedLong(b.getInt(at));
      int header = 8;
      if (size == 1) {
        size = b.getLong(at + 8);
        header = 16;
      } else if (size == 0) {
        size = file.length - at;
      }
      String type = new String(file, at + 4, 4, StandardCharsets.ISO_8859_1);
      List<Integer> tracks = new ArrayList<>();
      if (type.equals("moof")) {
        for (int c = at + header; c < at + size; c += b.getInt(c)) {
          if (new String(file, c + 4, 4, StandardCharsets.ISO_8859_1).equals("traf")) {
            // tfhd comes first in a traf: size, type, version and flags, then track_ID.
            tracks.add(b.getInt(c + 8 + 12));
          }
        }
      }
      boxes.add(new Box(type, at, size, tracks));
      at += (int) size;
    }
    return boxes;
  }

  static List<Box> ofType(byte[] file, String type) {
    return topLevel(file).stream().filter(b -> b.type().equals(type)).toList();
  }
}
