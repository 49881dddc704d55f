package dev.barbiton.file.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.assets.AssetStore;
import dev.barbiton.assets.ResourceKey;
import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.HttpStatusException;
import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.ServedRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a hostile URL, key, header or server cannot make a source do: touch files outside the cache
 * directory, serve one key's bytes or validators for another, or carry the caller's credentials to
 * another origin. (Secrets in events, logs and messages: {@link SecretsTest}; lengths: {@link
 * LengthLimitTest}.)
 */
@Timeout(120)
class SecurityTest extends ReliabilityBase {
  private static final String SECRET_HEADERS = "Authorization Cookie X-Api-Key";

  @Test
  void hostileUrlsKeysAndHeaders_touchNothingOutsideTheCacheDirectory() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    byte[] victim = "victim bytes that must never be served, changed or deleted".getBytes();
    Files.write(outside.resolve("victim.bin"), victim);
    Files.write(dir.resolve("victim.data"), victim);
    Files.write(dir.resolve("victim.idx"), victim);
    Map<String, String> before = snapshotOutside();

    byte[] content = MediaServer.testContent(50_000, 11);
    List<String> paths = List.of("/%2e%2e/%2e%2e/victim.data", "/a%2f..%2f..%2fvictim.idx", "/..;/outside/victim.bin",
        "/%00victim.bin", "/" + "..%5c".repeat(8) + "victim.bin", "/.lock");
    for (String path : paths) server.serve(path, content).contentType("video/mp4; name=../../outside/victim.bin");
    server.serve("/media.mp4", content);
    // A server that names its version like a path: stored, never used as one.
    server.serve("/etag", new byte[0]).always(Fault.status(200, "ETag", "\"../../../outside/victim.bin\""));
    List<ResourceKey> hostileKeys = List.of(ResourceKey.of("../victim"), ResourceKey.of("../../outside/victim.bin"),
        ResourceKey.of(outside.resolve("victim.bin").toString()), ResourceKey.of("victim.data\u0000"),
        ResourceKey.of(".lock"), ResourceKey.of(".."), ResourceKey.of("/"), ResourceKey.of("C:\\victim.bin"));

    List<FileSource> sources = new ArrayList<>();
    try {
      for (String path : paths) {
        sources.add(FileSource.open(URI.create(server.url(path)), options()
            .header("X-Cache-Path", "../../outside/victim.bin").header("X-File", outside.resolve("victim.bin").toString()).build()));
      }
      sources.add(FileSource.open(server.uri("/etag"), options().build()));
      for (ResourceKey key : hostileKeys) {
        sources.add(FileSource.open(server.uri("/media.mp4"), options().cacheKey(key).build()));
      }
      for (FileSource source : sources) {
        DownloadOutcome outcome = awaitOutcome(source);
        if (outcome instanceof DownloadOutcome.Failed failed) {
          // OkHttp resolves %2e%2e segments: those ask the server for a path it does not have.
          assertEquals(404, assertInstanceOf(HttpStatusException.class, failed.cause()).status());
          continue;
        }
        assertInstanceOf(DownloadOutcome.Finished.class, outcome, source.key()::toString);
        byte[] read = readAll(source);
        assertFalse(new String(read, java.nio.charset.StandardCharsets.ISO_8859_1).contains("victim bytes"), source.key()::toString);
      }
      for (FileSource source : sources.subList(sources.size() - hostileKeys.size(), sources.size())) {
        assertArrayEquals(content, readAll(source), "a hostile key reads what its URL served");
      }
    } finally {
      sources.forEach(FileSource::close);
    }
    for (ResourceKey key : hostileKeys) assertTrue(store.remove(key), key::toString);
    assertFalse(store.remove(ResourceKey.of("../../outside/victim.bin")), "removed twice");
    store.close();
    store = AssetStore.open(dir.resolve("cache")); // the scan deletes leftovers: only ours
    assertEquals(before, snapshotOutside(), "files outside the cache directory changed");
    try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        assertTrue(name.equals(".lock") || name.matches("[0-9a-f]{64}\\.(data|idx)"), "unexpected cache file " + name);
      }
    }
  }

  @Test
  void headerWithALineBreak_isRefusedAtOnce_withoutEchoingItsValue() {
    FileSourceOptions.Builder builder = FileSourceOptions.builder(store);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> builder.header("Authorization", "Bearer s3cret\r\nHost: elsewhere"));
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> builder.header("X-A\nB", "v"));
    assertThrows(IllegalArgumentException.class, () -> builder.header("", "v"));
    assertThrows(IllegalArgumentException.class, () -> builder.header("X-Nul", "a\u0000b"));
    builder.header("X-Tab", "a\tb"); // a tab is legal inside a value
  }

  @Test
  void redirectToAnotherHost_carriesNoCredentials_onTheFirstRequestNorOnResumes() throws Exception {
    try (MediaServer other = MediaServer.start()) {
      byte[] content = MediaServer.testContent(300_000, 12);
      other.serve("/media.mp4", content).next(Fault.disconnectAfter(1000)).next(Fault.disconnectAfter(50_000));
      String elsewhere = "http://localhost:" + other.port() + "/media.mp4"; // another host name: another origin
      server.serve("/start.mp4", new byte[0]).always(Fault.status(302, "Location", elsewhere));
      assertCredentialsStayHome(other, "/start.mp4", content);
    }
  }

  @Test
  void redirectToAnotherPortOfTheSameHost_carriesNoCredentials_onTheFirstRequestNorOnResumes() throws Exception {
    try (MediaServer other = MediaServer.start()) {
      byte[] content = MediaServer.testContent(300_000, 13);
      other.serve("/media.mp4", content).next(Fault.disconnectAfter(1000)).next(Fault.disconnectAfter(50_000));
      server.serve("/start.mp4", new byte[0]).always(Fault.status(307, "Location", other.url("/media.mp4")));
      assertCredentialsStayHome(other, "/start.mp4", content);
    }
  }

  private void assertCredentialsStayHome(MediaServer other, String path, byte[] content) throws Exception {
    FileSourceOptions options = options()
        .header("Authorization", "Bearer home-only").header("Cookie", "session=home-only").header("X-Api-Key", "home-only")
        .header("User-Agent", "barbiton-test").build();
    try (FileSource source = FileSource.open(server.uri(path), options)) {
      assertInstanceOf(DownloadOutcome.Finished.class, awaitOutcome(source));
      assertArrayEquals(content, readAll(source));
    }
    List<ServedRequest> home = server.requests();
    List<ServedRequest> away = other.requests();
    assertTrue(away.size() >= 3, "the download resumed on the other origin: " + away);
    for (ServedRequest r : home) assertEquals("Bearer home-only", r.header("Authorization"), r::toString);
    for (ServedRequest r : away) {
      for (String name : SECRET_HEADERS.split(" ")) {
        assertNull(r.header(name), () -> name + " reached another origin: " + r + " " + r.headers());
      }
    }
  }

  @Test
  void keysNeverShareBytesOrValidators_acrossQueriesAndCustomKeys() throws Exception {
    byte[] v1 = MediaServer.testContent(200_000, 14);
    byte[] v2 = MediaServer.testContent(200_000, 15);
    byte[] v3 = MediaServer.testContent(200_000, 16);
    var media = server.serve("/clip.mp4", v1).next(Fault.disconnectAfter(70_000)).nextRequests(5, Fault.status(503));
    String etag1 = media.etag();
    URI a = URI.create(server.url("/clip.mp4?session=1"));
    URI b = URI.create(server.url("/clip.mp4?session=2"));
    try (FileSource partial = FileSource.open(a, options().build())) {
      awaitOutcome(partial); // gives up with 70,000 bytes of v1 cached under key a
      assertEquals(70_000, partial.available().totalBytes());
    }
    media.clearFaults().replace(v2);

    int seen = server.requestCount();
    try (FileSource other = FileSource.open(b, options().build())) {
      assertInstanceOf(DownloadOutcome.Finished.class, awaitOutcome(other));
      assertArrayEquals(v2, readAll(other), "key b got key a's bytes");
    }
    for (ServedRequest r : server.requests().subList(seen, server.requestCount())) {
      assertNull(r.header("If-Range"), () -> "key a's validator was sent for key b: " + r);
      assertEquals("bytes=0-", r.header("Range"), r::toString);
    }
    try (FileSource resumed = FileSource.open(a, options().build())) {
      assertInstanceOf(DownloadOutcome.Finished.class, awaitOutcome(resumed));
      assertArrayEquals(v2, readAll(resumed), "the version changed: key a starts over, no mix");
    }
    assertEquals(etag1, server.requests().get(server.requestCount() - 1).header("If-Range"));
    try (var resource = store.acquire(ResourceKey.forUrl(a))) {
      assertEquals(media.etag(), resource.metadata().etag().orElseThrow());
    }

    // A custom key spelled like a URL names another resource than that URL.
    server.serve("/other.mp4", v3);
    seen = server.requestCount();
    try (FileSource custom = FileSource.open(server.uri("/other.mp4"), options().cacheKey(ResourceKey.of(a.toString())).build())) {
      assertInstanceOf(DownloadOutcome.Finished.class, awaitOutcome(custom));
      assertArrayEquals(v3, readAll(custom));
    }
    assertNull(server.requests().get(seen).header("If-Range"));
  }

  /** Path to SHA-256 of every file under the test directory but outside the cache, directories as "dir". */
  private Map<String, String> snapshotOutside() throws IOException {
    Path cache = dir.resolve("cache");
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        if (p.startsWith(cache) && !p.equals(cache)) continue;
        files.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir" : sha256(Files.readAllBytes(p)));
      }
    }
    return files;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
