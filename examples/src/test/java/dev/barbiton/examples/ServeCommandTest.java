package dev.barbiton.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.barbiton.testing.MediaServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code barbiton serve} on a thread of its own: its output read as it comes, its URLs fetched, then interrupted. */
@Timeout(60)
class ServeCommandTest {
  @TempDir Path dir;
  MediaServer origin;
  private final OkHttpClient client = new OkHttpClient();

  @BeforeEach
  void start() throws Exception {
    origin = MediaServer.start();
  }

  @AfterEach
  void stop() {
    origin.close();
    client.connectionPool().evictAll();
  }

  /** A running {@code barbiton serve}: its stdout line by line, its stderr, its exit code once stopped. */
  private final class Serving implements AutoCloseable {
    final BufferedReader out;
    final StringWriter err = new StringWriter();
    final AtomicInteger exit = new AtomicInteger(-1);
    final Thread thread;

    Serving(String... args) throws IOException {
      PipedReader pipe = new PipedReader(1 << 16);
      PrintWriter writer = new PrintWriter(new PipedWriter(pipe), true);
      out = new BufferedReader(pipe);
      thread = new Thread(() -> {
        exit.set(Barbiton.run(args, writer, new PrintWriter(err, true)));
        writer.close();
      }, "serve-under-test");
      thread.start();
    }

    int stop() throws InterruptedException {
      thread.interrupt();
      thread.join(30_000);
      assertFalse(thread.isAlive(), "serve stopped");
      return exit.get();
    }

    @Override
    public void close() throws InterruptedException {
      if (thread.isAlive()) stop();
    }
  }

  private byte[] get(String url, String range) throws IOException {
    Request.Builder request = new Request.Builder().url(url);
    if (range != null) request.header("Range", range);
    try (Response response = client.newCall(request.build()).execute()) {
      assertEquals(range == null ? 200 : 206, response.code());
      return response.body().bytes();
    }
  }

  @Test
  void json_printsOneObjectPerUrl_servesEach_andStopsOnInterrupt() throws Exception {
    byte[] a = MediaServer.testContent(1 << 20, 1);
    byte[] b = MediaServer.testContent(300_000, 2);
    origin.serve("/a.mp4", a);
    origin.serve("/b.mkv", b);
    String secretUrl = origin.url("/a.mp4") + "?token=s3cret";
    int port;
    try (Serving serve = new Serving("serve", secretUrl, origin.url("/b.mkv"), "--cache", dir.toString(), "--json")) {
      JsonObject first = JsonParser.parseString(serve.out.readLine()).getAsJsonObject();
      JsonObject second = JsonParser.parseString(serve.out.readLine()).getAsJsonObject();

      assertEquals(origin.url("/a.mp4") + "?token=***", first.get("url").getAsString(), "redacted");
      assertEquals(origin.url("/b.mkv"), second.get("url").getAsString());
      URI local = URI.create(first.get("local").getAsString());
      assertEquals("127.0.0.1", local.getHost());
      assertTrue(local.getPath().endsWith("/a.mp4"), local.toString());
      assertArrayEquals(a, get(first.get("local").getAsString(), null));
      assertArrayEquals(Arrays.copyOfRange(b, 1000, 2000), get(second.get("local").getAsString(), "bytes=1000-1999"));
      port = local.getPort();

      assertEquals(0, serve.stop());
      assertFalse(serve.err.toString().contains("s3cret"), serve.err.toString());
    }
    client.connectionPool().evictAll();
    assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close(), "no longer listening");
  }

  @Test
  void text_printsTheLocalUrls_onTheGivenPort() throws Exception {
    byte[] a = MediaServer.testContent(100_000, 3);
    origin.serve("/a.bin", a);
    int free;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      free = probe.getLocalPort();
    }
    try (Serving serve = new Serving("serve", origin.url("/a.bin"), "--port", Integer.toString(free), "--cache", dir.toString())) {
      String line = serve.out.readLine();

      assertTrue(line.startsWith("http://127.0.0.1:" + free + "/"), line);
      assertArrayEquals(a, get(line, null));
      assertEquals(0, serve.stop());
      assertTrue(serve.err.toString().contains("serving 1 URL on 127.0.0.1:" + free), serve.err.toString());
    }
  }

  @Test
  void badPortOrNoUrl_isAUsageError() {
    StringWriter err = new StringWriter();
    assertEquals(2, Barbiton.run(new String[] {"serve", "http://h/a", "--port", "70000", "--cache", dir.toString()},
        new PrintWriter(new StringWriter()), new PrintWriter(err, true)));
    assertTrue(err.toString().contains("--port not in 0-65535"), err.toString());
    assertEquals(2, Barbiton.run(new String[] {"serve", "--cache", dir.toString()},
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter(), true)));
  }

  @Test
  void statusApi_firstLineGivesItsUrlAndToken_andItListsTheSources() throws Exception {
    byte[] content = MediaServer.testContent(200_000, 17);
    origin.serve("/api.bin", content);
    try (Serving serving = new Serving("serve", origin.url("/api.bin"), "--cache", dir.toString(), "--json", "--status-api")) {
      JsonObject api = JsonParser.parseString(serving.out.readLine()).getAsJsonObject();
      String local = JsonParser.parseString(serving.out.readLine()).getAsJsonObject().get("local").getAsString();
      assertArrayEquals(content, get(local, null));
      Request request = new Request.Builder().url(api.get("statusApi").getAsString())
          .header("Authorization", "Bearer " + api.get("token").getAsString()).build();
      try (Response response = client.newCall(request).execute()) {
        assertEquals(200, response.code());
        JsonObject source = JsonParser.parseString(response.body().string()).getAsJsonObject()
            .getAsJsonArray("sources").get(0).getAsJsonObject();
        assertEquals(origin.url("/api.bin"), source.get("url").getAsString());
        assertEquals(content.length, source.getAsJsonObject("metrics").get("bytesRead").getAsLong());
      }
      try (Response response = client.newCall(new Request.Builder().url(api.get("statusApi").getAsString()).build()).execute()) {
        assertEquals(401, response.code(), "no token, no answer");
      }
      assertEquals(0, serving.stop());
    }
  }
}
