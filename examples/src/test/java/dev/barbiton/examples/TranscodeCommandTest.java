package dev.barbiton.examples;

import static dev.barbiton.examples.CommandsTest.barbiton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.barbiton.file.avio.AvioDemuxer;
import dev.barbiton.file.avio.RandomAccessInput;
import dev.barbiton.file.avio.StreamInfo;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.testing.MediaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code barbiton transcode} end to end against a loopback server; the output decoded again. */
@Timeout(120)
class TranscodeCommandTest {
  @TempDir Path dir;
  MediaServer server;

  @BeforeEach
  void start() throws Exception {
    server = MediaServer.start();
    server.serve("/in.mp4", Files.readAllBytes(SampleMedia.mp4(3, true).cachedIn(dir.resolve("media")))).contentType("video/mp4");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void convertsCutsAndFiltersIntoWebm() throws Exception {
    Path out = dir.resolve("out.webm");
    CommandsTest.Run run = barbiton("transcode", server.url("/in.mp4"), "-o", out.toString(), "--vf", "scale=160:-2",
        "--vcodec", "libvpx", "--start", "1", "--duration", "1", "--cache", dir.resolve("cache").toString(), "--json");
    assertEquals(0, run.exit(), run.err());
    JsonObject json = run.json();
    assertEquals("completed", json.get("outcome").getAsString());
    assertEquals("webm", json.get("format").getAsString());
    assertEquals("vp8", json.get("videoCodec").getAsString());
    assertEquals("opus", json.get("audioCodec").getAsString());
    assertEquals(25, json.get("videoFrames").getAsLong());
    assertEquals(1000, json.get("durationMs").getAsLong(), 30);
    assertEquals(Files.size(out), json.get("bytes").getAsLong());
    try (AvioDemuxer demuxer = AvioDemuxer.open(RandomAccessInput.of(Files.readAllBytes(out)))) {
      List<StreamInfo> streams = demuxer.streams();
      assertEquals("vp8", streams.get(0).codecName());
      assertEquals(160, streams.get(0).width());
      assertEquals(120, streams.get(0).height());
      assertEquals("opus", streams.get(1).codecName());
    }
  }

  @Test
  void anUnknownFormatOptionIsAMediaErrorThatNamesIt() {
    CommandsTest.Run run = barbiton("transcode", server.url("/in.mp4"), "-o", dir.resolve("x.mkv").toString(),
        "--option", "bogus_option=1", "--cache", dir.resolve("cache").toString(), "--json");
    assertEquals(5, run.exit(), run.err());
    String message = run.json().getAsJsonObject("error").get("message").getAsString();
    assertTrue(message.contains("bogus_option"), message);
    assertTrue(!Files.exists(dir.resolve("x.mkv")), "no unfinished output left behind");
  }

  @Test
  void mp4OnStdoutWithoutFragmentsIsRefusedBeforeWriting() {
    CommandsTest.Run run = barbiton("transcode", server.url("/in.mp4"), "-o", "-", "--format", "mp4",
        "--cache", dir.resolve("cache").toString());
    assertEquals(5, run.exit(), run.err());
    assertTrue(run.err().contains("movflags=frag_keyframe+empty_moov"), run.err());
  }

  @Test
  void thumbnailAsJpegAndAsAContactSheet() throws Exception {
    Path jpeg = dir.resolve("frame.jpg");
    CommandsTest.Run one = barbiton("thumbnail", server.url("/in.mp4"), "--at", "1.5", "-o", jpeg.toString(), "--width", "160",
        "--cache", dir.resolve("cache").toString(), "--json");
    assertEquals(0, one.exit(), one.err());
    assertEquals("jpeg", one.json().get("format").getAsString());
    byte[] bytes = Files.readAllBytes(jpeg);
    assertEquals(0xFF, bytes[0] & 0xff);
    assertEquals(0xD8, bytes[1] & 0xff);

    Path sheet = dir.resolve("sheet.png");
    CommandsTest.Run many = barbiton("thumbnail", server.url("/in.mp4"), "--count", "4", "--columns", "2", "--width", "80",
        "-o", sheet.toString(), "--cache", dir.resolve("cache").toString(), "--json");
    assertEquals(0, many.exit(), many.err());
    assertEquals(4, many.json().get("count").getAsInt());
    byte[] png = Files.readAllBytes(sheet);
    assertEquals(160, java.nio.ByteBuffer.wrap(png, 16, 4).getInt(), "two tiles of 80 (IHDR width)");
    assertEquals(120, java.nio.ByteBuffer.wrap(png, 20, 4).getInt(), "two rows of 60 (IHDR height)");
  }

  @Test
  void stdoutNeedsAFormat() {
    CommandsTest.Run run = barbiton("transcode", server.url("/in.mp4"), "-o", "-", "--cache", dir.resolve("cache").toString());
    assertEquals(2, run.exit(), run.err());
    assertTrue(run.err().contains("with -o -, say the format"), run.err());
  }
}
