package dev.barbiton.examples;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.isobmff.MalformedBoxException;
import dev.barbiton.file.transcode.SampleMedia;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The demo's sample: an H.264 + AAC fragmented MP4 with a {@code sidx}, made in this process by the
 * transcoder from FFmpeg's test sources on first run (nothing large is committed or downloaded, no
 * FFmpeg executable runs), then kept in the cache directory.
 */
final class DemoSample {
  private DemoSample() {}

  static Path prepare(Path directory, int seconds, PrintWriter out) throws IOException {
    Path sample = directory.resolve("sample-" + seconds + "s-640x360.mp4");
    if (Files.exists(sample)) return sample;
    Files.createDirectories(directory);
    out.println("Making a " + seconds + " s H.264+AAC sample (first run only) ...");
    out.flush();
    Path temp = Files.createTempFile(directory, "sample-", ".part.mp4");
    try {
      SampleMedia.fragmented(seconds, 2.0, true, true).size(640, 360).videoBitrate(1_200_000).writeTo(temp);
      keepOnlyTheFirstSidx(temp);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    Files.move(temp, sample, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return sample;
  }

  /**
   * FFmpeg's muxer writes one global {@code sidx} per track; FFmpeg 8's demuxer then seeks one
   * fragment early. Without any {@code sidx} it reads every {@code moof} before the first frame
   * (the whole file, over a network). So the demo keeps the first (video) {@code sidx} and turns
   * the others into {@code free} boxes of the same size: one index, correct seeks, a fast start.
   */
  private static void keepOnlyTheFirstSidx(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      boolean seen = false;
      for (long pos = 0; pos < size; ) {
        BoxHeader box;
        try {
          box = BoxHeader.parse(headerAt(channel, pos), 0, pos, size);
        } catch (MalformedBoxException e) {
          break; // not a box FFmpeg would write: leave the rest as it is
        }
        if (box.type().equals("moof")) break; // the indexes come before the first fragment
        if (box.type().equals("sidx")) {
          if (seen) channel.write(ByteBuffer.wrap("free".getBytes(StandardCharsets.US_ASCII)), pos + 4);
          seen = true;
        }
        pos = box.end();
      }
    }
  }

  /** The bytes at {@code pos} that may hold a box header: as many as the file has, up to 32. */
  private static ByteBuffer headerAt(FileChannel channel, long pos) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(BoxHeader.MAX_HEADER_SIZE);
    while (header.hasRemaining() && channel.read(header, pos + header.position()) > 0) {
      continue;
    }
    return header.flip();
  }
}
