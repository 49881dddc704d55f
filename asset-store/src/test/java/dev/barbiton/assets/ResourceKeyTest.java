package dev.barbiton.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResourceKeyTest {

  @Test
  void urlSpellingsOfOneResource_shareAKey() {
    ResourceKey a = ResourceKey.forUrl("HTTPS://Media.Example.COM:443/a/b.mp4?x=1#t=10");
    ResourceKey b = ResourceKey.forUrl("https://media.example.com/a/b.mp4?x=1");
    assertEquals(a, b);
    assertEquals("https://media.example.com/a/b.mp4?x=1", a.value());
    assertEquals(a.fileId(), b.fileId());
  }

  @Test
  void emptyPath_becomesSlash_andNonDefaultPortIsKept() {
    assertEquals("http://h:8080/", ResourceKey.forUrl("http://H:8080").value());
    assertEquals("http://h/", ResourceKey.forUrl("http://h:80").value());
  }

  @Test
  void differentQueries_areDifferentResources() {
    assertNotEquals(ResourceKey.forUrl("https://h/a?v=1"), ResourceKey.forUrl("https://h/a?v=2"));
  }

  @Test
  void customKeyAndUrlKeyOfTheSameText_neverCollide() {
    ResourceKey custom = ResourceKey.of("https://h/a");
    ResourceKey url = ResourceKey.forUrl("https://h/a");
    assertNotEquals(custom, url);
    assertNotEquals(custom.fileId(), url.fileId());
    assertFalse(custom.isUrl());
    assertTrue(url.isUrl());
  }

  @Test
  void toString_redactsSecrets() {
    ResourceKey key = ResourceKey.forUrl("https://user:hunter2@h.example/v.mp4?token=SECRET&n=1");
    assertFalse(key.toString().contains("SECRET"), key.toString());
    assertFalse(key.toString().contains("hunter2"), key.toString());
    assertTrue(key.toString().contains("h.example/v.mp4"), key.toString());
    assertFalse(key.value().contains("hunter2"), "user info is not part of the key");
  }

  @Test
  void fileId_isHexOfFixedLength_forAnyKey() {
    for (String hostile : new String[] {"../../etc/passwd", "a\u0000b", "/abs", "ключ", "\ud800", "x".repeat(100_000)}) {
      String id = ResourceKey.of(hostile).fileId();
      assertTrue(id.matches("[0-9a-f]{64}"), id);
    }
  }

  @Test
  void loneSurrogates_doNotCollide() {
    assertNotEquals(ResourceKey.of("\ud800").fileId(), ResourceKey.of("\ud801").fileId());
    assertNotEquals(ResourceKey.of("\ud800").fileId(), ResourceKey.of("?").fileId());
  }

  @Test
  void relativeOrHostlessUrls_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> ResourceKey.forUrl("/just/a/path"));
    assertThrows(IllegalArgumentException.class, () -> ResourceKey.forUrl("file:///etc/passwd"));
    assertThrows(IllegalArgumentException.class, () -> ResourceKey.forUrl("http://bad host/"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResourceKey.of(""));
    assertEquals("key is empty", e.getMessage());
  }

  @Test
  void qualifiedForm_roundTrips() {
    ResourceKey key = ResourceKey.forUrl("https://h/a?b=c");
    assertEquals(key, ResourceKey.fromQualified(key.qualified()));
    assertEquals(null, ResourceKey.fromQualified("nonsense"));
  }
}
