package dev.barbiton.file.reliability;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.testing.RawResponder;
import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.LengthLimitException;
import dev.barbiton.testing.MediaServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that claims an absurd length, or sends a body that never ends, is stopped by the
 * configurable cap ({@link FileSourceOptions#maxLength()}) or by the end its own headers declared,
 * with a {@link LengthLimitException}: at once, not retried, nothing past the limit cached.
 */
@Timeout(60)
class LengthLimitTest extends ReliabilityBase {
  private static final long PETABYTE = 1L << 50;

  @Test
  void contentLengthOfAPetabyte_failsAtOnce_notRetried_noCacheFile() throws Exception {
    server.serveRaw("/huge.mp4", (request, out) -> {
      out.write(RawResponder.head("200 OK", "Content-Length: " + PETABYTE));
      RawResponder.endlessChunks(out); // bytes that would follow, if anyone read them
    });
    try (FileSource source = FileSource.open(server.uri("/huge.mp4"), options().build())) {
      LengthLimitException e = failedWith(LengthLimitException.class, source);
      assertTrue(e.getMessage().contains(Long.toString(PETABYTE)), e.getMessage());
      assertEquals(FileSourceOptions.DEFAULT_MAX_LENGTH, e.limit());
      assertEquals(1, server.requestCount(), "a length limit is not retried");
      assertTrue(source.length().isEmpty(), "the absurd length was never taken");
    }
    assertNoDataFiles();
  }

  @Test
  void contentRangeOfAPetabyte_failsAtOnce() throws Exception {
    server.serveRaw("/huge.mp4", (request, out) -> {
      out.write(RawResponder.head("206 Partial Content", "Content-Range: bytes 0-999/" + PETABYTE, "Content-Length: 1000"));
      out.write(new byte[1000]);
    });
    try (FileSource source = FileSource.open(server.uri("/huge.mp4"), options().build())) {
      LengthLimitException e = failedWith(LengthLimitException.class, source);
      assertTrue(e.getMessage().contains("Content-Range"), e.getMessage());
      assertEquals(1, server.requestCount());
    }
    assertNoDataFiles();
  }

  @Test
  void endlessChunkedBody_isCutAtTheCap() throws Exception {
    long cap = 1 << 20;
    server.serveRaw("/endless.mp4", (request, out) -> {
      out.write(RawResponder.head("200 OK", "Transfer-Encoding: chunked"));
      RawResponder.endlessChunks(out);
    });
    try (FileSource source = FileSource.open(server.uri("/endless.mp4"), options().maxLength(cap).build())) {
      LengthLimitException e = failedWith(LengthLimitException.class, source);
      assertEquals(cap, e.limit());
      assertTrue(source.available().end() <= cap, source.available().toString());
      assertEquals(1, server.requestCount());
    }
  }

  @Test
  void endlessBodyPastItsContentRange_isCutAtTheDeclaredEnd() throws Exception {
    // A 206 that declares 1,000 bytes (length unknown) and then never stops sending.
    server.serveRaw("/liar.mp4", (request, out) -> {
      out.write(RawResponder.head("206 Partial Content", "Content-Range: bytes 0-999/*", "Transfer-Encoding: chunked"));
      RawResponder.endlessChunks(out);
    });
    try (FileSource source = FileSource.open(server.uri("/liar.mp4"), options().build())) {
      LengthLimitException e = failedWith(LengthLimitException.class, source);
      assertEquals(1000, e.limit());
      assertTrue(e.getMessage().contains("past the end its headers declared"), e.getMessage());
      assertTrue(source.available().end() <= 1000, "nothing past the declared end is cached: " + source.available());
    }
  }

  @Test
  void chunkedMediaServerBody_longerThanTheCap_fails_andShorterOneFinishes() throws Exception {
    byte[] content = MediaServer.testContent(3 << 20, 1);
    server.serve("/chunked.mp4", content).chunked(true);
    try (FileSource source = FileSource.open(server.uri("/chunked.mp4"), options().maxLength(1 << 20).build())) {
      failedWith(LengthLimitException.class, source);
    }
    store.remove(dev.barbiton.assets.ResourceKey.forUrl(server.uri("/chunked.mp4")));
    try (FileSource source = FileSource.open(server.uri("/chunked.mp4"), options().maxLength(content.length).build())) {
      assertInstanceOf(DownloadOutcome.Finished.class, awaitOutcome(source));
      assertArrayEquals(content, readAll(source));
    }
  }

  @Test
  void declaredLengthExactlyAtTheCap_isAccepted() throws Exception {
    byte[] content = MediaServer.testContent(100_000, 2);
    server.serve("/exact.mp4", content);
    try (FileSource source = FileSource.open(server.uri("/exact.mp4"), options().maxLength(content.length).build())) {
      assertInstanceOf(DownloadOutcome.Finished.class, awaitOutcome(source));
      assertArrayEquals(content, readAll(source));
    }
    server.serve("/over.mp4", content);
    try (FileSource source = FileSource.open(server.uri("/over.mp4"), options().maxLength(content.length - 1).build())) {
      failedWith(LengthLimitException.class, source);
      assertFalse(source.available().end() > 0, "nothing cached of a file over the cap");
    }
  }

  @Test
  void maxLengthBelowOne_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> FileSourceOptions.builder(store).maxLength(0));
    assertEquals(FileSourceOptions.DEFAULT_MAX_LENGTH, FileSourceOptions.builder(store).build().maxLength());
  }

  private void assertNoDataFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
      List<Path> data = files.filter(p -> p.toString().endsWith(".data")).toList();
      assertTrue(data.isEmpty(), "cache files left: " + data);
    }
  }
}
