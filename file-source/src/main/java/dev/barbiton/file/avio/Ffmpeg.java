package dev.barbiton.file.avio;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import dev.barbiton.file.process.ToolCommand;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.bytedeco.javacpp.Loader;

/**
 * FFmpeg's native libraries, as this package uses them.
 *
 * <p>The natives otherwise load on the first call into FFmpeg (the first {@link
 * AvioDemuxer#open}), which costs that call the extraction and linking of several megabytes of
 * libraries. A player that knows it will play calls {@link #preload()} early (at start-up, or when
 * a screen with a player opens) and the first open finds them loaded.
 */
public final class Ffmpeg {
  /**
   * The libraries this package uses, in dependency order: swresample and swscale are loaded for
   * decoders that use them and for {@link Thumbnails}, avfilter for the transcoder's filter graphs
   * and generated sources; libavdevice never (it needs libpulse and
   * pulls in the X11 and sound stacks).
   */
  static final List<String> LIBRARIES = List.of("avutil", "swresample", "avcodec", "avformat", "swscale", "avfilter");

  private static final AtomicReference<Preload> PRELOAD = new AtomicReference<>();

  private Ffmpeg() {}

  /**
   * How long loading took.
   *
   * @param total from the start of loading to the end, on the loading thread
   * @param libraries each library's own time, in loading order: {@code javacpp} (JavaCPP's own
   *     natives and class set-up) first, then {@code avutil}, {@code swresample}, {@code avcodec},
   *     {@code avformat}, {@code swscale}; a library loaded before (by another user of JavaCPP)
   *     takes next to nothing
   */
  public record LoadTimes(Duration total, Map<String, Duration> libraries) {
    public LoadTimes {
      Objects.requireNonNull(total, "total");
      libraries = Collections.unmodifiableMap(new LinkedHashMap<>(libraries));
    }
  }

  /**
   * Loads FFmpeg's natives on a background daemon thread and routes FFmpeg's log to SLF4J (logger
   * {@code dev.barbiton.file.avio.ffmpeg}; see the package documentation). Returns at once.
   *
   * <p>The future completes with the load times once every library is loaded, or fails with a
   * {@link FfmpegUnavailableException} naming the library that could not be loaded (or {@code
   * javacpp}, JavaCPP's own natives); either way for
   * good: loading is tried once per class loader, and every call returns the same future. That
   * future cannot be completed, cancelled or obtruded by callers ({@code complete} and {@code
   * cancel} return false and change nothing); {@code orTimeout} and {@code completeOnTimeout}
   * apply to a copy, which they return. Wait for it, or do not: {@link AvioDemuxer#open} loads
   * what is not loaded yet by itself (waiting, if need be, for the preload to finish a library).
   */
  public static CompletableFuture<LoadTimes> preload() {
    Preload existing = PRELOAD.get();
    if (existing != null) return existing;
    Preload created = new Preload();
    if (!PRELOAD.compareAndSet(null, created)) return PRELOAD.get();
    Thread thread = new Thread(created::load, "barbiton-ffmpeg-preload");
    thread.setDaemon(true);
    thread.start();
    return created;
  }

  /**
   * A command running the {@code ffmpeg} or {@code ffprobe} executable that FFmpeg's platform jar
   * ships (extracted on first use), with the libraries beside it on its library path. On Linux it
   * needs PulseAudio's client library ({@code libpulse.so.0}), which the library itself never does.
   *
   * @param name {@code "ffmpeg"} or {@code "ffprobe"}
   * @throws FfmpegUnavailableException if the executable or the libraries it links cannot be loaded
   */
  public static ToolCommand.Builder bundledTool(String name) throws FfmpegUnavailableException {
    Class<?> program;
    if (name.equals("ffmpeg")) program = org.bytedeco.ffmpeg.ffmpeg.class;
    else if (name.equals("ffprobe")) program = org.bytedeco.ffmpeg.ffprobe.class;
    else throw new IllegalArgumentException("FFmpeg's platform jar ships ffmpeg and ffprobe, not " + name);
    String path;
    try {
      path = Loader.load(program);
    } catch (Throwable t) { // an UnsatisfiedLinkError without libpulse: the program's libraries load first
      throw new FfmpegUnavailableException(name + " executable", t);
    }
    Path executable = Paths.get(path);
    String inherited = System.getenv("LD_LIBRARY_PATH");
    String libraries = executable.getParent().toString();
    return ToolCommand.builder(executable).environment("LD_LIBRARY_PATH",
        inherited == null || inherited.isEmpty() ? libraries : libraries + java.io.File.pathSeparator + inherited);
  }

  /**
   * FFmpeg's words for one of its error codes (a negative {@code AVERROR}), with the code: {@code
   * "Invalid data found when processing input (-1094995529)"}. Loads avutil if it is not yet.
   */
  public static String describeError(int code) {
    FfmpegLog.install();
    return FfmpegErrors.describe(code);
  }

  /**
   * Sets FFmpeg's log level to what logger {@code dev.barbiton.file.avio.ffmpeg} enables now.
   * FFmpeg's level is set when the natives load; call this after changing the logging
   * configuration at run time. Loads avutil's natives if they are not yet.
   *
   * @throws UnsatisfiedLinkError or another {@link LinkageError} if avutil cannot load
   */
  public static void updateLogLevel() {
    FfmpegLog.updateLevel();
  }

  /** The future {@link #preload()} returns: only the loading thread completes it. */
  private static final class Preload extends CompletableFuture<LoadTimes> {
    void load() {
      long start = System.nanoTime();
      Map<String, Duration> times = new LinkedHashMap<>();
      String current = "javacpp";
      try {
        long t = System.nanoTime();
        Class.forName("org.bytedeco.javacpp.Pointer"); // initialising it loads JavaCPP's natives
        times.put(current, Duration.ofNanos(System.nanoTime() - t));
        for (String library : LIBRARIES) {
          current = library;
          long t0 = System.nanoTime();
          Loader.load(Class.forName("org.bytedeco.ffmpeg.global." + library));
          times.put(library, Duration.ofNanos(System.nanoTime() - t0));
          if (library.equals("avutil")) FfmpegLog.install(); // before anything else can log
        }
        super.complete(new LoadTimes(Duration.ofNanos(System.nanoTime() - start), times));
      } catch (Throwable t) {
        super.completeExceptionally(new FfmpegUnavailableException(current, t));
      }
    }

    @Override
    public boolean complete(LoadTimes value) {
      return false;
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
      return false;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return false;
    }

    @Override
    public void obtrudeValue(LoadTimes value) {
      throw new UnsupportedOperationException("the preload future is completed by the preload only");
    }

    @Override
    public void obtrudeException(Throwable ex) {
      throw new UnsupportedOperationException("the preload future is completed by the preload only");
    }

    @Override
    public CompletableFuture<LoadTimes> completeAsync(Supplier<? extends LoadTimes> supplier, Executor executor) {
      throw new UnsupportedOperationException("the preload future is completed by the preload only");
    }

    @Override
    @NewerJavaOnly // a Java 9 method: on Android nothing calls it
    public CompletableFuture<LoadTimes> orTimeout(long timeout, TimeUnit unit) {
      return copy().orTimeout(timeout, unit);
    }

    @Override
    @NewerJavaOnly // a Java 9 method: on Android nothing calls it
    public CompletableFuture<LoadTimes> completeOnTimeout(LoadTimes value, long timeout, TimeUnit unit) {
      return copy().completeOnTimeout(value, timeout, unit);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new CompletableFuture<>(); // dependents (thenApply, copy) are ordinary futures
    }
  }
}
