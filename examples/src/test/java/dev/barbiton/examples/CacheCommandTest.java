package dev.barbiton.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.barbiton.testing.MediaServer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code barbiton cache verify}: finds a flipped byte, drops its block, and the next fetch brings it back. */
@Timeout(60)
class CacheCommandTest extends WithMediaServer {
  private static final int BLOCK = 64 << 10;

  @Test
  void verify_findsAndDropsTheBadBlock_theNextFetchBringsOnlyItBack() throws Exception {
    byte[] content = MediaServer.testContent(20 * BLOCK + 3, 5);
    server.serve("/v.bin", content).contentType("application/octet-stream");
    String url = server.url("/v.bin");
    assertEquals(0, CommandsTest.barbiton("fetch", url, "--cache", dir.toString(), "--json").exit());
    flipByte(7L * BLOCK + 99);

    CommandsTest.Run run = CommandsTest.barbiton("cache", "verify", "--cache", dir.toString(), "--json");
    assertEquals(0, run.exit(), run.out() + run.err());
    JsonObject json = run.json();
    assertEquals(1, json.get("resources").getAsInt());
    assertEquals(21, json.get("blocksChecked").getAsLong());
    assertEquals(content.length, json.get("bytesChecked").getAsLong());
    assertEquals(1, json.get("badBlocks").getAsInt());
    assertEquals(BLOCK, json.get("bytesDropped").getAsLong());
    assertEquals(0, json.get("bytesWithoutChecksum").getAsLong());
    assertEquals((7 * BLOCK) + "-" + (8 * BLOCK - 1),
        json.getAsJsonArray("damaged").get(0).getAsJsonObject().getAsJsonArray("badBlocks").get(0).getAsString());

    CommandsTest.Run text = CommandsTest.barbiton("cache", "verify", "--cache", dir.toString());
    assertEquals(0, text.exit(), text.out() + text.err());
    assertTrue(text.out().lines().anyMatch(l -> l.matches("badBlocks\\s+0")), text.out());

    JsonObject fetched = CommandsTest.barbiton("fetch", url, "--cache", dir.toString(), "--json").json();
    assertEquals("finished", fetched.get("outcome").getAsString());
    assertEquals(BLOCK, fetched.get("networkBytes").getAsLong(), "only the dropped block again");
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)),
        fetched.get("sha256").getAsString());
  }

  private void flipByte(long at) throws Exception {
    Path data;
    try (Stream<Path> files = Files.list(dir)) {
      data = files.filter(f -> f.toString().endsWith(".data")).findFirst().orElseThrow();
    }
    try (FileChannel channel = FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, at);
      one.put(0, (byte) ~one.get(0)).clear();
      channel.write(one, at);
    }
  }
}
