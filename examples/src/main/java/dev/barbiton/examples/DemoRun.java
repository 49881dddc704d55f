package dev.barbiton.examples;

import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.media.MediaInfo;
import dev.barbiton.file.avio.AvioDemuxer;
import dev.barbiton.file.avio.MediaType;
import dev.barbiton.file.avio.SimpleDecoder;
import dev.barbiton.file.avio.Thumbnails;
import dev.barbiton.file.mp4.SegmentIndex;
import dev.barbiton.testing.MediaServer;
import dev.barbiton.testing.ServedRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One run of the demo against a URL, through the public API only. */
final class DemoRun {
  private final PrintWriter console;
  private final Opener sessions;
  private final URI uri;
  private final MediaServer server; // null for a real URL
  private final Path out;
  private final PrintStream terminal; // null: no progress bar
  /** The bar while the sample plays, which {@link #say} prints above; none before and after. */
  private Progress bar;
  private final Map<String, Object> summary = new LinkedHashMap<>();

  /** Opens the session the run goes through. */
  interface Opener {
    Session open() throws IOException;
  }

  DemoRun(PrintWriter console, Opener sessions, URI uri, MediaServer server, Path out, PrintStream terminal) {
    this.console = console;
    this.sessions = sessions;
    this.uri = uri;
    this.server = server;
    this.out = out;
    this.terminal = terminal;
  }

  void run() throws Exception {
    long start = System.nanoTime();
    try (Session session = sessions.open()) {
      try (FileSource source = session.open(uri)) {
        playWhileDownloading(source, start);
        DownloadOutcome outcome = source.completion().get();
        if (outcome instanceof DownloadOutcome.Failed failed) throw failed.cause();
        summary.put("download", FetchCommand.outcomeName(outcome) + " in " + millis(start) + " ms");
        describe(source);
      }
      summary.put("bytes", session.networkBytes() + " from the network");
      summary.put("requests", session.requests());
      summary.put("resumes", session.resumes());
      reopenFromCache(session);
    }
    summary.put("total", millis(start) + " ms");
    console.println();
    console.println("What happened");
    summary.forEach((k, v) -> console.printf("  %-22s %s%n", k, v));
    console.flush();
  }

  private void playWhileDownloading(FileSource source, long start) throws Exception {
    try (Progress progress = Progress.of(source, "play", terminal);
        AvioDemuxer demuxer = AvioDemuxer.open(source);
        SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      bar = progress;
      long durationMs = demuxer.duration().map(Duration::toMillis).orElse(0L);
      long seekAt = Math.min(3_000, durationMs / 5);
      boolean sought = false;
      int framesAfterSeek = 0;
      long frames = 0;
      while (framesAfterSeek < 50) {
        Optional<SimpleDecoder.Frame> frame = decoder.next();
        if (frame.isEmpty()) break;
        if (frames++ == 0) {
          summary.put("first frame", millis(start) + " ms, while " + source.phase().name().toLowerCase());
          say("first frame decoded after " + millis(start) + " ms; the download is " + source.phase().name().toLowerCase());
        }
        long at = frame.get().ptsMillis().orElse(0);
        if (frame.get().type() == MediaType.VIDEO) progress.update(String.format(Locale.ROOT, "at %.1f s", at / 1000.0));
        if (!sought && frame.get().type() == MediaType.VIDEO && at >= seekAt && durationMs > 0) {
          sought = true;
          seekTo(source, decoder, durationMs * 3 / 4);
        } else if (sought && frame.get().type() == MediaType.VIDEO) {
          framesAfterSeek++;
        }
      }
      summary.put("frames decoded", frames + " (audio and video)");
    } finally {
      bar = null; // closed: its line is ended
    }
    thumbnail(source);
  }

  private void seekTo(FileSource source, SimpleDecoder decoder, long targetMs) throws Exception {
    int before = server == null ? 0 : server.requestCount();
    long t0 = System.nanoTime();
    decoder.seek(targetMs);
    Optional<SimpleDecoder.Frame> next = decoder.next();
    while (next.isPresent() && next.get().type() != MediaType.VIDEO) next = decoder.next();
    long took = millis(t0);
    String landed = next.flatMap(f -> f.ptsMillis().stream().boxed().findFirst()).map(ms -> ms / 1000.0 + " s").orElse("?");
    say(String.format("seek to 75%% (%.1f s) while %s: next frame at %s after %d ms",
        targetMs / 1000.0, source.phase().name().toLowerCase(), landed, took));
    if (server != null) {
      List<ServedRequest> requests = server.requests();
      if (requests.size() > before) {
        ServedRequest jump = requests.get(before);
        say("  the download jumped there: GET " + jump.path() + " Range: " + jump.header("Range"));
      }
    }
    summary.put("seek to 75%", took + " ms");
  }

  private void thumbnail(FileSource source) throws Exception {
    try (AvioDemuxer demuxer = AvioDemuxer.open(source)) {
      long durationMs = demuxer.duration().map(Duration::toMillis).orElse(0L);
      Path png = out.resolve("barbiton-demo-thumbnail.png").toAbsolutePath();
      Thumbnails.writePng(demuxer, Duration.ofMillis(durationMs * 3 / 4), 320, png);
      say("thumbnail at 75% written to " + png);
      summary.put("thumbnail", png.getFileName());
    }
  }

  private void describe(FileSource source) {
    Optional<MediaInfo> info = source.mediaInfo();
    say("media: " + info.map(i -> i.container() + " " + i.codecs() + i.brand().map(b -> " brand " + b).orElse("")).orElse("unknown"));
    Optional<SegmentIndex> index = source.segmentIndex();
    if (index.isPresent()) {
      SegmentIndex i = index.get();
      say(String.format("segment index: %d segments over %.1f s, first at byte %d, init %s",
          i.segments().size(), i.durationMillis() / 1000.0, i.segments().get(0).offset(), i.init()));
      summary.put("segments", i.segments().size());
    } else {
      say("segment index: none (not a fragmented MP4)");
    }
  }

  private void reopenFromCache(Session session) throws Exception {
    long requestsBefore = session.requests();
    long t0 = System.nanoTime();
    try (FileSource again = session.open(uri);
        AvioDemuxer demuxer = AvioDemuxer.open(again);
        SimpleDecoder decoder = SimpleDecoder.open(demuxer)) {
      decoder.next();
      long took = millis(t0);
      long requests = session.requests() - requestsBefore;
      say("reopened from the cache: " + again.phase().name().toLowerCase() + " at once, first frame after "
          + took + " ms, " + requests + " requests");
      summary.put("reopen from cache", took + " ms to first frame, " + requests + " requests");
    }
  }

  /** A line on the console, above the progress bar while there is one. */
  private void say(String line) {
    if (bar != null) {
      bar.println(console, line);
    } else {
      console.println(line);
      console.flush();
    }
  }

  private static long millis(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
