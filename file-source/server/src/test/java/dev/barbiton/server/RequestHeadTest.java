package dev.barbiton.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestHeadTest {
  private static RequestHead parse(String head) throws HttpError {
    byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
    return RequestHead.parse(bytes, 0, bytes.length);
  }

  private static int status(String head) {
    return assertThrows(HttpError.class, () -> parse(head), head).status();
  }

  @Test
  void wellFormedHead_givesMethodTargetVersionAndHeaders() throws Exception {
    RequestHead head = parse("GET /a?b=c HTTP/1.1\r\nHost: x\r\nRange:bytes=1-2 \r\nX-Empty:\r\nX-Latin: caf\u00e9\r\n");

    assertEquals("GET", head.method());
    assertEquals("/a?b=c", head.target());
    assertTrue(head.http11());
    assertEquals("x", head.header("host"));
    assertEquals("bytes=1-2", head.header("range"));
    assertEquals("", head.header("x-empty"));
    assertEquals("caf\u00e9", head.header("x-latin"), "obs-text kept as bytes");
    assertNull(head.header("accept"));
    assertTrue(head.keepAlive());
  }

  @Test
  void connectionOptions_decideKeepAlive() throws Exception {
    assertFalse(parse("GET / HTTP/1.1\r\nConnection: Keep-Alive, close\r\n").keepAlive());
    assertFalse(parse("GET / HTTP/1.0\r\n").keepAlive());
    assertTrue(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n").keepAlive());
    assertEquals(2, parse("GET / HTTP/1.1\nHost: a\nhost: b\n").count("host"), "bare LF ends lines too");
  }

  @Test
  void malformedHeads_areRefusedWithTheirStatus() {
    assertEquals(400, status("GET /\r\n"));
    assertEquals(400, status("GET / HTTP/1.1 extra\r\n"));
    assertEquals(400, status("G@T / HTTP/1.1\r\n"));
    assertEquals(400, status("GET / http/1.1\r\n"));
    assertEquals(505, status("GET / HTTP/3.0\r\n"));
    assertEquals(414, status("GET /" + "a".repeat(RequestHead.MAX_TARGET) + " HTTP/1.1\r\n"));
    assertEquals(431, status("GET / HTTP/1.1\r\n" + "A: b\r\n".repeat(RequestHead.MAX_HEADERS + 1)));
    assertEquals(400, status("GET / HTTP/1.1\r\nA: b\r\n c\r\n"));
    assertEquals(400, status("GET / HTTP/1.1\r\nA : b\r\n"));
    assertEquals(400, status("GET / HTTP/1.1\r\n: b\r\n"));
    assertEquals(400, status("GET / HTTP/1.1\r\nno colon\r\n"));
    assertEquals(400, status("GET / HTTP/1.1\r\nA: \u0001b\r\n"));
    assertEquals(400, status("GET / HTTP/1.1\r\nA: b\rc\r\n"));
  }

  @Test
  void tokensAndHosts() {
    String token = Tokens.next();
    assertEquals(Tokens.LENGTH, token.length());
    assertTrue(Tokens.isWellFormed(token));
    assertEquals(token, Exchange.token("/" + token));
    assertEquals(token, Exchange.token("/" + token + "/a.mp4?x=1"));
    assertEquals(token, Exchange.token("HTTP://127.0.0.1:8/" + token + "/a.mp4"));
    assertNull(Exchange.token("/" + token + "x"));
    assertNull(Exchange.token("/../" + token));
    assertNull(Exchange.token("http://127.0.0.1:8"));
    assertTrue(Exchange.isLoopbackHost("127.0.0.1:8080"));
    assertTrue(Exchange.isLoopbackHost("127.1.2.3"));
    assertTrue(Exchange.isLoopbackHost("LOCALHOST:1"));
    assertTrue(Exchange.isLoopbackHost("[::1]:9"));
    assertFalse(Exchange.isLoopbackHost("127.0.0.1.evil.example"));
    assertFalse(Exchange.isLoopbackHost("127.0.0.256"));
    assertFalse(Exchange.isLoopbackHost("localhost.evil.example"));
    assertFalse(Exchange.isLoopbackHost("[::2]"));
    assertFalse(Exchange.isLoopbackHost("10.0.0.1"));
  }
}
