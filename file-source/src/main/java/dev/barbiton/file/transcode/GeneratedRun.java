package dev.barbiton.file.transcode;

import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;

import dev.barbiton.file.avio.AvioException;
import dev.barbiton.file.avio.AvioMuxer;
import dev.barbiton.file.avio.OutputSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** One run of a {@link Transcoder} over a {@link GeneratedSource}: source filters, encoders, mux. */
final class GeneratedRun {
  private final Transcoder transcoder;
  private final Transcoder.Builder settings;
  private final GeneratedSource source;
  private final List<EncodeChain> chains = new ArrayList<>();

  GeneratedRun(Transcoder transcoder, Transcoder.Builder settings, GeneratedSource source) {
    this.transcoder = transcoder;
    this.settings = settings;
    this.source = source;
  }

  TranscodeResult run(OutputSink sink) throws TranscodeException {
    Duration length = settings.duration.filter(d -> d.compareTo(source.duration()) < 0).orElse(source.duration());
    String seconds = String.format(Locale.ROOT, "%.6f", length.toNanos() / 1e9);
    AvioMuxer muxer = null;
    try {
      muxer = AvioMuxer.open(sink, settings.format);
      if (source.video().isPresent() && settings.video.mode() == StreamMode.ENCODE) {
        VideoSettings video = settings.video;
        EncoderSupport support = EncoderSupport.find(video.codec(), AVMEDIA_TYPE_VIDEO);
        String pixelFormat = support.pixelFormat(video.pixelFormatName().orElse(null), -1);
        String graph = GraphText.chain(source.video().get(), "trim=duration=" + seconds, video.filterGraph(),
            "format=pix_fmts=" + pixelFormat + support.colorRangeConstraint(), "buffersink");
        chains.add(EncodeChain.open(true, FilterChain.parse(graph, video.filterGraph(), false), support,
            video.bitrateValue(), video.gopValue(), video.options(), muxer));
      }
      if (source.audio().isPresent() && settings.audio.mode() == StreamMode.ENCODE) {
        AudioSettings audio = settings.audio;
        EncoderSupport support = EncoderSupport.find(audio.codec(), AVMEDIA_TYPE_AUDIO);
        // FFmpeg's audio source filters make 16-bit samples, one channel unless told otherwise.
        String graph = GraphText.chain(source.audio().get(), "atrim=duration=" + seconds, audio.filterGraph(),
            AudioFormat.filter(support, audio, AV_SAMPLE_FMT_S16, sampleRateOf(source.audio().get()), 1), "abuffersink");
        chains.add(EncodeChain.open(false, FilterChain.parse(graph, audio.filterGraph(), false), support,
            audio.bitrateValue(), 0, audio.options(), muxer));
      }
      if (chains.isEmpty()) throw Failures.configure("nothing to encode: the settings leave out every stream the source makes");
      muxer.writeHeader(settings.formatOptions);
      ProgressMeter meter = new ProgressMeter(settings.progress, settings.progressInterval, Optional.of(length));
      while (true) {
        transcoder.checkCancelled(TranscodeException.Stage.ENCODE);
        EncodeChain next = earliest();
        if (next == null) break;
        if (!next.pullOne(muxer) && !next.done()) throw Failures.configure("the source graph made no frame and did not end");
        meter.maybeReport(chains, muxer);
      }
      muxer.finish();
      meter.finalReport(chains, muxer);
      return Results.of(settings.format, chains, muxer, 0, meter.elapsed());
    } catch (AvioException e) {
      throw Failures.of(e);
    } finally {
      for (EncodeChain chain : chains) chain.close();
      if (muxer != null) muxer.close();
    }
  }

  /** The unfinished chain furthest behind on the timeline, so the muxer interleaves without piling up. */
  private EncodeChain earliest() {
    EncodeChain best = null;
    for (EncodeChain chain : chains) {
      if (!chain.done() && (best == null || chain.endSeconds() < best.endSeconds())) best = chain;
    }
    return best;
  }

  /** The {@code sample_rate} a source filter names, or 44.1 kHz, FFmpeg's default for {@code sine}. */
  private static int sampleRateOf(String graph) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:sample_rate|r)=(\\d+)").matcher(graph);
    return m.find() ? Integer.parseInt(m.group(1)) : 44_100;
  }
}
