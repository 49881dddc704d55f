package dev.barbiton.examples.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyntheticServerTest {
  private static final long LENGTH = 5L << 30; // past 4 GiB: no byte array could hold it

  private final OkHttpClient client = new OkHttpClient();
  private SyntheticServer server;

  @AfterEach
  void tearDown() throws Exception {
    if (server != null) server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  @Test
  void rangePastFourGiB_isAnsweredPartialWithTheRightBytes() throws Exception {
    server = SyntheticServer.start(LENGTH, 7);
    long first = (4L << 30) + 12_345;
    Request request = new Request.Builder().url(server.uri().toString())
        .header("Range", "bytes=" + first + "-" + (first + 9)).build();
    try (Response response = client.newCall(request).execute()) {
      assertEquals(206, response.code());
      assertEquals("bytes " + first + "-" + (first + 9) + "/" + LENGTH, response.header("Content-Range"));
      assertNotNull(response.header("ETag"));
      byte[] expected = new byte[10];
      for (int i = 0; i < expected.length; i++) expected[i] = server.byteAt(first + i);
      assertArrayEquals(expected, response.body().bytes());
    }
  }

  @Test
  void rangeAtTheEnd_isUnsatisfiableWithTheLength() throws Exception {
    server = SyntheticServer.start(LENGTH, 7);
    Request request = new Request.Builder().url(server.uri().toString()).header("Range", "bytes=" + LENGTH + "-").build();
    try (Response response = client.newCall(request).execute()) {
      assertEquals(416, response.code());
      assertEquals("bytes */" + LENGTH, response.header("Content-Range"));
    }
  }

  @Test
  void headWithoutRange_givesTheWholeLength() throws Exception {
    server = SyntheticServer.start(LENGTH, 7);
    Request request = new Request.Builder().url(server.uri().toString()).head().build();
    try (Response response = client.newCall(request).execute()) {
      assertEquals(200, response.code());
      assertEquals(Long.toString(LENGTH), response.header("Content-Length"));
    }
  }
}
