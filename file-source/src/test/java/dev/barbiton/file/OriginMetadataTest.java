package dev.barbiton.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.barbiton.testing.MediaResource;
import dev.barbiton.testing.MediaServer;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginMetadataTest extends SourceTestBase {
  @Test
  void metadata_hasTheOriginsValidatorsOnceTheFirstByteIsIn_andTheCachesWhenComplete() throws Exception {
    byte[] content = MediaServer.testContent(200_000, 51);
    MediaResource resource = server.serve("/v.bin", content).contentType("application/octet-stream");
    try (FileSource source = open("/v.bin")) {
      source.readAt(0, ByteBuffer.allocate(1));
      assertEquals(Optional.of(resource.etag()), source.metadata().etag());
      assertEquals(Optional.of(resource.lastModifiedHeader()), source.metadata().lastModified());
      assertEquals(Optional.of("application/octet-stream"), source.metadata().contentType());
      assertFinished(source);
    }
    int requests = server.requestCount();
    try (FileSource cached = open("/v.bin")) {
      assertEquals(Optional.of(resource.etag()), cached.metadata().etag());
    }
    assertEquals(requests, server.requestCount(), "complete in the cache: no request");
  }
}
