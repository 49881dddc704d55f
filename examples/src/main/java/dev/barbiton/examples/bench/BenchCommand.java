package dev.barbiton.examples.bench;

import dev.barbiton.examples.Verbosity;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code barbiton bench}: measures Barbiton against a baseline measured in the same run, on
 * loopback and in a temporary directory deleted at the end. Each figure is the median of several
 * iterations (after warm-up), shown with its spread (± half the interquartile range, in % of the
 * median) for each side; the ratio is Barbiton's median over the baseline's. MB are 10^6 bytes.
 * Where a figure times two sides, they take turns going first and start from the same state (each
 * benchmark's Javadoc says how), so that a change of the machine's state during a run falls on
 * both.
 *
 * <ul>
 *   <li>{@code download} (MB/s): a 512 MiB resource (64 MiB quick) downloaded into a fresh cache by
 *       {@code FileSource} from an unthrottled loopback server, against a plain OkHttp GET of the
 *       same URL streamed to a file with a {@code FileChannel}, and against {@code curl -o FILE} +
 *       fsync if curl is installed, all durable at the end; each side on a new connection after a
 *       full GC. Higher is better. With each side's CPU time (ms, lower is better).
 *   <li>{@code read-seq} (MB/s) and {@code read-random} (M ops/s): the whole of a complete 256 MiB
 *       resource (64 MiB quick; several times the CPU's caches) in 1 MiB sequential {@code
 *       AssetResource.readAt}s, and 4 KiB {@code readAt}s at every 4 KiB block in a seeded random
 *       order, against {@code FileChannel.read(dst, pos)} of the store's own {@code <sha256>.data}
 *       file with the same walk into the same kind of page-aligned direct buffer; both from the
 *       page cache. JMH, in rounds of a forked JVM per side. Higher is better. With {@code
 *       read-seq} come two figures of what block checksums cost: {@code read-seq first read}, the
 *       same sequential read in a store opened just before (every 64 KiB block checked against its
 *       CRC32C as the read first reaches it) against the read of blocks already checked; and {@code
 *       verify}, {@code AssetStore.verify} of the whole resource against the channel's read.
 *   <li>{@code wakeup} (µs, p50 and p99): from a writer's write to a reader blocked in {@code
 *       readAt} at that position returning, the reader made sure to be parked first; against a bare
 *       {@code LockSupport} park/unpark handoff, the two sides' handoffs alternating on the same
 *       threads. Lower is better.
 *   <li>{@code multi} (MB/s): one 256 MiB file (16 MiB quick) over K = 1, 2, 4, 8 connections
 *       ({@code FileSourceOptions.connections}) from a loopback server limiting each connection to
 *       16 MB/s (4 quick) with 50 ms before each body, against {@code aria2c -x K -s K} (or one
 *       connection of ours when aria2c is not installed); the default, connections found by trying
 *       (up to 4), on that server against {@code aria2c -x 4}, on a link all connections share
 *       against one of ours, and unthrottled against one of ours; and unthrottled, 4 connections
 *       against 1. Higher is better; the goals are ≥ 0.9 K times one connection's rate and ≥ 0.9x
 *       aria2c, and no loss by the trying where more connections bring nothing.
 *   <li>{@code ttff} (ms, one figure per file and speed): time to the first decoded video frame
 *       (audio for MP3) in this warm JVM, from opening the URL: Barbiton ({@code FileSource.open}
 *       into a fresh cache, {@code AvioDemuxer.open}) against FFmpeg's own http protocol in the same
 *       JVM ({@code avformat_open_input} on the URL, {@code avformat_find_stream_info}), both then
 *       running the same decode loop. Files of about 20 MB (3.5 MB quick): MP4 with the moov at the
 *       end, faststart MP4, fragmented MP4 without and with a global {@code sidx}, Matroska (all
 *       H.264 + AAC) and MP3, each served by a loopback server paced at 2 MB/s and unthrottled.
 *       Each side of an iteration has 60 s, after which it counts as a timeout. Lower is better;
 *       the goal is a ratio ≤ 1.0.
 *   <li>{@code seek} (ms), two kinds. {@code seek frame <file> <speed>}: in the same runs as {@code
 *       ttff}, right after the first frame (the download still running), a seek to 90 % of the
 *       duration to the next decoded frame, Barbiton ({@code AvioDemuxer.seek}) against {@code
 *       avformat_seek_file} on FFmpeg's http context; the goal is a ratio ≤ 0.5. {@code seek to 90
 *       %}: with a server throttled to 8 MiB/s, the time from a read at 90 % of 64 MiB to its byte
 *       while the download runs from 0; against the time a sequential-only download would need,
 *       <b>computed</b> from the rate (7.2 s), not measured. Lower is better.
 *   <li>{@code ttff-cold} (ms): wall time of {@code barbiton decode URL --frames 1} in a fresh JVM
 *       with an empty cache, against the {@code ffmpeg} executable ({@code ffmpeg -v error -i URL
 *       -frames:v 1 -f null -}), both cold processes, on the moov-at-end MP4 at 2 MB/s; the note
 *       breaks Barbiton's time down from the command's {@code --json} {@code timings} (JVM start,
 *       store and HTTP client and {@code FileSource.open}, FFmpeg's natives, demuxer open, first
 *       frame, the rest). Lower is better; the goal is a ratio ≤ 1.0.
 *   <li>{@code serve} (MB/s, ms): a resource complete in the cache read through the loopback
 *       server by {@code curl}, against the same file from nginx ({@code sendfile}) in the same run
 *       (the loopback test server where there is no nginx): one whole-file transfer (goal ≥ 0.8),
 *       the time to the first byte of a cached 64 KiB range (goal ≤ 2 ms), and 32 curls at once;
 *       see {@link ServeBench}.
 *   <li>{@code events} (M events delivered/s): 1 publisher → 1 pull subscriber and 4 publishers →
 *       2 subscribers (each receiving every event) through the event bus, against {@code
 *       ArrayBlockingQueue}s in the same shapes, at most 1024 events in flight on both sides (the
 *       bus publishers paced by the harness, so nothing is dropped); the median of many short
 *       runs, every shape warmed up on both sides first. A third figure, {@code overload}, lets the
 *       bus publisher run flat out and counts what the subscriber still receives while the bus
 *       drops its oldest events. Higher is better.
 *   <li>{@code decode} (ms per file): demux and decode of a whole H.264 + AAC MP4 through the AVIO
 *       adapter, from memory and from a complete cached {@code FileSource}, against FFmpeg opening
 *       the file by path with the same decode loop. Lower is better; about 1 is the goal.
 *   <li>{@code transcode} (× real time): re-encoding to VP9 and to H.264, and a remux, of a 720p
 *       MP4 by the {@code Transcoder} in this JVM against the {@code ffmpeg} executable with the same
 *       settings on the same file; see {@link TranscodeBench}. Higher is better; goal ≥ 0.95 (remux
 *       ≥ 1.0).
 *   <li>{@code heap} (MB): growth of the live heap (sampled after a GC every 100 ms) during a 4 GiB
 *       download (256 MiB quick) through {@code FileSource}, over the heap before it; the ratio is
 *       growth over the resource size, and should stay near 0.
 *   <li>{@code store-open} (ms, fds): opening a store of 10,000 cached resources (2,000 quick)
 *       against listing its directory and reading every index raw; and the file descriptors the
 *       open store holds against one per resource; see {@link StoreOpenBench}. Lower is better;
 *       goal ≤ 200 ms and a few descriptors.
 * </ul>
 *
 * <p>{@code --quick} takes small sizes and few short iterations (well under 2 minutes on 2 cores);
 * a full run takes about 10 minutes, of which {@code ttff}, {@code seek} and {@code ttff-cold} about
 * 3 (30 s quick). Progress goes to stderr, the table or JSON to stdout.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure Barbiton against baselines measured in the same run (medians of several iterations,"
        + " with their spread).")
public final class BenchCommand implements Callable<Integer> {
  /** Every benchmark {@code --only} accepts, in the order they run. */
  static final List<String> NAMES = List.of(DownloadBench.NAME, MultiBench.NAME, ReadBench.SEQUENTIAL, ReadBench.RANDOM,
      WakeupBench.NAME, PlaybackBench.TTFF, SeekBench.NAME, ColdStartBench.NAME, ServeBench.NAME, EventsBench.NAME, DecodeBench.NAME,
      TranscodeBench.NAME, HeapBench.NAME, StoreOpenBench.NAME);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--quick", description = "Small sizes and few, short iterations.")
  boolean quick;

  @Option(names = "--only", split = ",", paramLabel = "NAME",
      description = "Run only these: ${COMPLETION-CANDIDATES}.", completionCandidates = Names.class)
  List<String> only;

  @Option(names = "--json", description = "Print one JSON object with every figure instead of a table.")
  boolean json;

  @Option(names = "--forks", defaultValue = "1", paramLabel = "0|1",
      description = "JMH forks: 1 (default) runs each micro benchmark in a fresh JVM, 0 in this one.")
  int forks;

  @Override
  public Integer call() throws Exception {
    Set<String> selected = selected();
    PrintWriter out = spec.commandLine().getOut();
    long start = System.nanoTime();
    List<Figure> figures = new ArrayList<>();
    boolean verbose = Verbosity.isVerbose(spec); // barbiton's --verbose: JMH's own output too
    try (BenchContext context = BenchContext.open(quick, verbose, forks, spec.commandLine().getErr())) {
      if (selected.contains(DownloadBench.NAME)) figures.addAll(DownloadBench.run(context));
      if (selected.contains(MultiBench.NAME)) figures.addAll(MultiBench.run(context));
      figures.addAll(ReadBench.run(context, selected.contains(ReadBench.SEQUENTIAL), selected.contains(ReadBench.RANDOM)));
      if (selected.contains(WakeupBench.NAME)) figures.addAll(WakeupBench.run(context));
      BenchMedia media = new BenchMedia(context.newDirectory("media"), quick);
      figures.addAll(PlaybackBench.run(context, media, selected.contains(PlaybackBench.TTFF),
          selected.contains(SeekBench.NAME)));
      if (selected.contains(SeekBench.NAME)) figures.addAll(SeekBench.run(context));
      if (selected.contains(ColdStartBench.NAME)) figures.addAll(ColdStartBench.run(context, media));
      if (selected.contains(ServeBench.NAME)) figures.addAll(ServeBench.run(context));
      if (selected.contains(EventsBench.NAME)) figures.addAll(EventsBench.run(context));
      if (selected.contains(DecodeBench.NAME)) figures.addAll(DecodeBench.run(context));
      if (selected.contains(TranscodeBench.NAME)) figures.addAll(TranscodeBench.run(context));
      if (selected.contains(HeapBench.NAME)) figures.addAll(HeapBench.run(context));
      if (selected.contains(StoreOpenBench.NAME)) figures.addAll(StoreOpenBench.run(context));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (json) {
      Report.json(out, figures, quick, forks, seconds);
    } else {
      Report.table(out, figures, quick, forks, seconds);
    }
    return 0;
  }

  /** The benchmarks to run, in {@link #NAMES} order. */
  private Set<String> selected() {
    if (forks != 0 && forks != 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--forks must be 0 or 1: " + forks);
    }
    if (only == null || only.isEmpty()) return new LinkedHashSet<>(NAMES);
    for (String name : only) {
      if (!NAMES.contains(name)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "unknown benchmark: " + name + " (known: " + String.join(", ", NAMES) + ")");
      }
    }
    Set<String> selected = new LinkedHashSet<>(NAMES);
    selected.retainAll(only);
    return selected;
  }

  /** The names {@code --only} accepts, for help and completion. */
  static final class Names implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return NAMES.iterator();
    }
  }
}
