package dev.barbiton.file.engine;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import javax.net.SocketFactory;
import okhttp3.Connection;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Reads of an HTTP/1 body without OkHttp's per-read timeout bookkeeping. OkHttp's read timeout
 * arms its watchdog thread (an {@code AsyncTimeout}) around every 8 KiB socket read; on a plain
 * HTTP/1 connection the socket's own {@code SO_TIMEOUT} detects the same stall for free. So, for a
 * cleartext URL whose client speaks HTTP/1.1, {@link #configure} drops the client's read timeout,
 * limits it to HTTP/1.1 (so that a redirect to https cannot end on an HTTP/2 connection) and this
 * network interceptor sets {@code SO_TIMEOUT} to the stall timeout on each connection a call uses,
 * before the status line is read. A TLS URL (which may negotiate HTTP/2, whose socket is shared)
 * keeps OkHttp's read timeout. Either way a body that stalls for the stall timeout fails with an {@code
 * InterruptedIOException} ({@code SocketTimeoutException}).
 *
 * <p>It also hands the socket of an HTTP/1 call to the {@link SocketBacklog} tagged on its request,
 * so the body loop can tell whether a further read would return without waiting.
 */
public final class SocketReads implements Interceptor {
  private final int soTimeoutMillis;

  private SocketReads(int soTimeoutMillis) {
    this.soTimeoutMillis = soTimeoutMillis;
  }

  /**
   * The client for {@code url}: {@code base} with the stall timeout as read timeout, in one of the
   * two ways, and with {@link ReadAheadSockets} unless {@code base} has a socket factory of its own.
   */
  public static OkHttpClient.Builder configure(OkHttpClient base, HttpUrl url, Duration stallTimeout) {
    OkHttpClient.Builder builder = base.newBuilder();
    // The platform's plain sockets only: an app's own factory stays as it is.
    if (base.socketFactory() == SocketFactory.getDefault()) builder.socketFactory(ReadAheadSockets.INSTANCE);
    List<Protocol> protocols = base.protocols();
    boolean socketTimeout = !url.isHttps() && protocols.contains(Protocol.HTTP_1_1);
    if (!socketTimeout) return builder.readTimeout(stallTimeout).addNetworkInterceptor(new SocketReads(0));
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, stallTimeout.toMillis()));
    // HTTP/1.1 only: a redirect to https must not reach an HTTP/2 connection, whose stalls only
    // OkHttp's read timeout (now off) would see.
    return builder.readTimeout(Duration.ZERO).protocols(List.of(Protocol.HTTP_1_1))
        .addNetworkInterceptor(new SocketReads(millis));
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Connection connection = chain.connection();
    if (connection != null && isHttp1(connection.protocol())) {
      Socket socket = connection.socket();
      if (soTimeoutMillis > 0) socket.setSoTimeout(soTimeoutMillis);
      SocketBacklog backlog = request.tag(SocketBacklog.class);
      if (backlog != null) backlog.attach(socket);
    }
    return chain.proceed(request);
  }

  private static boolean isHttp1(Protocol protocol) {
    return protocol == Protocol.HTTP_1_1 || protocol == Protocol.HTTP_1_0;
  }
}
