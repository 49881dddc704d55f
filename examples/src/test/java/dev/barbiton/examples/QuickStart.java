package dev.barbiton.examples;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.time.Duration;

/** The README's quick start, compiled and run by {@link QuickStartTest} so that it stays true. */
final class QuickStart {
  private QuickStart() {}

  static DownloadOutcome play(URI uri, Path cacheDir) throws Exception {
    // quickstart:begin
    try (AssetStore store = AssetStore.builder(cacheDir).maxBytes(2L << 30).open();
        FileSource source = FileSource.open(uri, FileSourceOptions.builder(store)
            .readTimeout(Duration.ofSeconds(30))
            .build());
        SeekableByteChannel channel = source.newChannel()) {
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      channel.read(buffer);                        // returns as soon as the first bytes arrive
      channel.position(channel.size() * 9 / 10);   // jump to 90 %: the download follows
      channel.read(buffer.clear());
      System.out.println(source.mediaInfo());      // container and codecs, sniffed
      return source.completion().join();           // Finished, Failed(cause) or Cancelled
    }
    // quickstart:end
  }
}
