package dev.barbiton.file.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.events.DownloadEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueuePersistenceTest extends ManagerTestBase {

  @Test
  void everyField_survivesARestart() throws Exception {
    DownloadManager m = open(managerBuilder());
    Download a = m.add(DownloadRequest.builder(server.uri("/a")).header("Authorization", "Bearer t")
        .cacheKey(dev.barbiton.assets.ResourceKey.of("film-1")).priority(7).range(DownloadRange.bytes(5, 99)).build());
    Download b = m.add(DownloadRequest.builder(server.uri("/b")).range(DownloadRange.first(Duration.ofSeconds(10))).build());
    Download c = m.add(DownloadRequest.builder(server.uri("/c")).range(DownloadRange.time(Duration.ofMillis(1500), Optional.empty())).build());
    m.pause(a.id(), "wifi only");
    restartStore();
    DownloadManager again = open(managerBuilder());
    assertEquals(List.of(a.id(), b.id(), c.id()), again.list().stream().map(Download::id).toList());
    Download ra = again.get(a.id()).orElseThrow();
    assertEquals(DownloadState.PAUSED, ra.state());
    assertEquals(Optional.of("wifi only"), ra.stopReason());
    assertEquals("Bearer t", ra.request().headers().get("Authorization"));
    assertEquals("film-1", ra.request().cacheKey().orElseThrow().value());
    assertEquals(7, ra.request().priority());
    assertEquals(DownloadRange.bytes(5, 99), ra.request().range());
    assertEquals(DownloadRange.first(Duration.ofSeconds(10)), again.get(b.id()).orElseThrow().request().range());
    assertEquals(DownloadRange.time(Duration.ofMillis(1500), Optional.empty()), again.get(c.id()).orElseThrow().request().range());
    assertEquals("4", again.add(DownloadRequest.builder(server.uri("/d")).build()).id(), "ids go on where they were");
  }

  @Test
  void corruptQueue_isSetAsideWithATypedRecovery() throws Exception {
    DownloadManager m = open(managerBuilder());
    m.add(DownloadRequest.builder(server.uri("/a")).build());
    restartStore();
    Path file = store.directory().resolve(QueueFile.NAME);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(file, bytes);

    DownloadManager again = open(managerBuilder());
    CorruptQueueException recovery = again.recovery().orElseThrow();
    assertTrue(recovery.getMessage().contains("checksum mismatch"), recovery.getMessage());
    assertEquals(file.resolveSibling(QueueFile.NAME + ".corrupt"), recovery.setAside());
    assertTrue(Files.exists(recovery.setAside()));
    assertEquals(List.of(), again.list());
    List<DownloadEvent.QueueDiscarded> discarded = eventsOf(DownloadEvent.QueueDiscarded.class, e -> true);
    assertEquals(1, discarded.size());
    // The empty queue works, and is persisted over the bad one.
    again.add(DownloadRequest.builder(server.uri("/b")).build());
    restartStore();
    assertEquals(1, open(managerBuilder()).list().size());
  }

  @Test
  void truncatedOrForeignQueue_isSetAside() throws Exception {
    DownloadManager m = open(managerBuilder());
    m.add(DownloadRequest.builder(server.uri("/a")).build());
    restartStore();
    Path file = store.directory().resolve(QueueFile.NAME);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, 11));
    assertTrue(open(managerBuilder()).recovery().orElseThrow().getMessage().contains("truncated at 11 bytes"));
    restartStore();
    Files.writeString(file, "{\"json\": true, \"padding\": \"................\"}");
    assertTrue(open(managerBuilder()).recovery().orElseThrow().getMessage().contains("not a download queue"));
  }

  @Test
  void leftoverTempFile_isIgnored() throws Exception {
    DownloadManager m = open(managerBuilder());
    m.add(DownloadRequest.builder(server.uri("/a")).build());
    restartStore();
    Files.write(store.directory().resolve(QueueFile.NAME + ".tmp"), new byte[] {1, 2, 3});
    DownloadManager again = open(managerBuilder());
    assertEquals(1, again.list().size());
    assertTrue(again.recovery().isEmpty());
    assertTrue(Files.notExists(store.directory().resolve(QueueFile.NAME + ".tmp")));
  }
}
