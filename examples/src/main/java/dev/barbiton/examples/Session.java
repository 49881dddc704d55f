package dev.barbiton.examples;

import dev.barbiton.assets.StoreDirectoryException;
import dev.barbiton.assets.AssetStore;
import dev.barbiton.events.DownloadEvent;
import dev.barbiton.events.EventBus;
import dev.barbiton.events.SubscribeOptions;
import dev.barbiton.events.Subscription;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * What every subcommand shares: a store on the cache directory, a bus whose download events are
 * counted, an HTTP client that counts the body bytes it receives, and the request headers its
 * sources send.
 */
final class Session implements AutoCloseable {
  /** A request header from {@code --header}; its value never shows, not in {@code toString} either. */
  record Header(String name, String value) {
    @Override
    public String toString() {
      return name + ": (hidden)";
    }
  }

  final AssetStore store;
  final EventBus bus;
  private final Subscription counting;
  private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "barbiton-events");
    t.setDaemon(true);
    return t;
  });
  private final OkHttpClient client;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong resumes = new AtomicLong();
  private final AtomicLong networkBytes = new AtomicLong();

  private final RetryPolicy retryPolicy;
  private final List<Header> headers;

  Session(Path cacheDirectory) throws IOException {
    this(cacheDirectory, RetryPolicy.defaults(), new OkHttpClient.Builder(), List.of());
  }

  /**
   * @param client the client to build ours on (its trust)
   * @throws CacheDirectoryException if the directory is a file, or cannot be created or written
   */
  Session(Path cacheDirectory, RetryPolicy retryPolicy, OkHttpClient.Builder client, List<Header> headers)
      throws IOException {
    this.retryPolicy = retryPolicy;
    this.headers = List.copyOf(headers);
    try {
      this.store = AssetStore.open(cacheDirectory);
    } catch (StoreDirectoryException e) {
      throw new CacheDirectoryException(e);
    }
    this.bus = EventBus.create();
    this.counting = bus.subscribe(SubscribeOptions.builder().name("cli-counters").capacity(4096)
        .types(DownloadEvent.RequestStarted.class, DownloadEvent.Resumed.class).build(), delivery, event -> {
          if (event instanceof DownloadEvent.RequestStarted) requests.incrementAndGet();
          if (event instanceof DownloadEvent.Resumed) resumes.incrementAndGet();
        });
    this.client = client.addNetworkInterceptor(chain -> countBody(chain.proceed(chain.request()))).build();
  }

  FileSource open(URI uri) throws IOException {
    return FileSource.open(uri, options().build());
  }

  /**
   * Options for a source of this session, with its headers.
   *
   * @throws IllegalArgumentException if a header is one the library refuses (the message names it,
   *     never its value)
   */
  FileSourceOptions.Builder options() {
    FileSourceOptions.Builder options = FileSourceOptions.builder(store).client(client).eventBus(bus).retryPolicy(retryPolicy);
    for (Header header : headers) options.header(header.name(), header.value());
    return options;
  }

  /** Requests sent so far; exact once the events are delivered (they are, within milliseconds). */
  long requests() {
    return requests.get();
  }

  long resumes() {
    return resumes.get();
  }

  /** Response body bytes received from the network so far. */
  long networkBytes() {
    return networkBytes.get();
  }

  private Response countBody(Response response) {
    ResponseBody body = response.body();
    BufferedSource counted = Okio.buffer(new ForwardingSource(body.source()) {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        long n = super.read(sink, byteCount);
        if (n > 0) networkBytes.addAndGet(n);
        return n;
      }
    });
    return response.newBuilder().body(ResponseBody.create(counted, body.contentType(), body.contentLength())).build();
  }

  @Override
  public void close() throws IOException {
    counting.close();
    bus.close();
    delivery.shutdown();
    store.close();
  }
}
