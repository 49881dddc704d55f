package dev.barbiton.file.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import dev.barbiton.file.avio.AvioDemuxer;
import dev.barbiton.file.avio.AvioException;
import dev.barbiton.file.avio.AvioMuxer;
import dev.barbiton.file.avio.OutputSink;
import dev.barbiton.file.avio.RandomAccessInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;

/** One run of a {@link Transcoder} over a demuxed input: demux, decode or copy, filter, encode, mux. */
final class InputRun {
  private final Transcoder transcoder;
  private final Transcoder.Builder settings;
  private final RandomAccessInput input;
  private final List<OutputChain> chains = new ArrayList<>();
  /** By input stream index: the chain its packets go to, with its decoder when encoding. */
  private Route[] routes;

  private record Route(OutputChain chain, Decoder decoder) {}

  InputRun(Transcoder transcoder, Transcoder.Builder settings, RandomAccessInput input) {
    this.transcoder = transcoder;
    this.settings = settings;
    this.input = input;
  }

  TranscodeResult run(OutputSink sink) throws TranscodeException {
    AvioDemuxer demuxer = null;
    AvioMuxer muxer = null;
    AVPacket packet = av_packet_alloc();
    try {
      transcoder.checkCancelled(TranscodeException.Stage.INPUT);
      demuxer = open(input);
      AVFormatContext format = demuxer.formatContext();
      routes = new Route[format.nb_streams()];
      long firstMicros = format.start_time() == AV_NOPTS_VALUE ? 0 : format.start_time();
      long startMicros = firstMicros + settings.start.toNanos() / 1000;
      long endMicros = settings.duration.map(d -> startMicros + d.toNanos() / 1000).orElse(Long.MAX_VALUE);
      boolean ranged = !settings.start.isZero() || settings.duration.isPresent();
      muxer = AvioMuxer.open(sink, settings.format);
      int videoIndex = settings.video.mode() == StreamMode.NONE ? -1
          : av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
      int audioIndex = settings.audio.mode() == StreamMode.NONE ? -1
          : av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, videoIndex, (AVCodec) null, 0);
      if (videoIndex < 0 && audioIndex < 0) throw Failures.configure("the input has no " + wanted() + " stream to write");
      if (videoIndex >= 0) addVideo(format.streams(videoIndex), muxer, startMicros, endMicros, ranged);
      if (audioIndex >= 0) addAudio(format.streams(audioIndex), muxer, startMicros, endMicros, ranged);
      if (!settings.start.isZero()) demuxer.seek(Duration.ofNanos(startMicros * 1000));
      muxer.writeHeader(settings.formatOptions);
      Optional<Duration> total = total(format);
      ProgressMeter meter = new ProgressMeter(settings.progress, settings.progressInterval, total);
      loop(demuxer, muxer, packet, meter);
      muxer.finish();
      meter.finalReport(chains, muxer);
      return Results.of(settings.format, chains, muxer, corruptPackets(), meter.elapsed());
    } catch (AvioException e) {
      throw transcoder.isCancelled() ? Failures.cancelled(TranscodeException.Stage.INPUT) : Failures.of(e);
    } finally {
      for (Route route : routes == null ? new Route[0] : routes) if (route != null && route.decoder != null) route.decoder.close();
      for (OutputChain chain : chains) chain.close();
      av_packet_free(packet);
      if (muxer != null) muxer.close();
      if (demuxer != null) demuxer.close(); else input.close();
    }
  }

  private AvioDemuxer open(RandomAccessInput input) throws TranscodeException {
    try {
      return AvioDemuxer.open(input, settings.demuxerOptions);
    } catch (AvioException e) {
      throw e.cancelled() || transcoder.isCancelled() ? Failures.cancelled(TranscodeException.Stage.INPUT)
          : new TranscodeException(TranscodeException.Stage.INPUT, e.errorCode(), "cannot open the input: " + e.getMessage(), e);
    }
  }

  private void loop(AvioDemuxer demuxer, AvioMuxer muxer, AVPacket packet, ProgressMeter meter) throws TranscodeException, AvioException {
    while (!allDone()) {
      transcoder.checkCancelled(TranscodeException.Stage.INPUT);
      if (!demuxer.readPacket(packet)) break;
      int index = packet.stream_index();
      Route route = index < routes.length ? routes[index] : null;
      if (route == null || route.chain.done()) {
        av_packet_unref(packet);
        continue;
      }
      if (route.chain instanceof CopyChain copy) {
        copy.write(packet, muxer);
      } else {
        try {
          route.decoder.decode(packet, (EncodeChain) route.chain, muxer);
        } finally {
          av_packet_unref(packet);
        }
      }
      meter.maybeReport(chains, muxer);
    }
    for (Route route : routes) {
      if (route == null) continue;
      if (route.chain instanceof CopyChain copy) copy.finish();
      else if (!route.chain.done()) route.decoder.decode(null, (EncodeChain) route.chain, muxer);
    }
  }

  private boolean allDone() {
    for (OutputChain chain : chains) if (!chain.done()) return false;
    return true;
  }

  private void addVideo(AVStream stream, AvioMuxer muxer, long startMicros, long endMicros, boolean ranged) throws TranscodeException {
    VideoSettings video = settings.video;
    if (video.mode() == StreamMode.COPY) {
      add(stream, CopyChain.open(true, stream, muxer, startMicros, endMicros, ranged), null);
      return;
    }
    EncoderSupport support = EncoderSupport.find(video.codec(), AVMEDIA_TYPE_VIDEO);
    Decoder decoder = Decoder.open(stream, settings.corruptPackets);
    try {
      AVCodecContext d = decoder.context;
      String source = StreamGraphs.videoSource(decoder);
      String pixelFormat = support.pixelFormat(video.pixelFormatName().orElse(null), d.pix_fmt());
      String graph = GraphText.chain(source, GraphText.trim(true, startMicros / 1e6, endMicros == Long.MAX_VALUE
          ? Double.POSITIVE_INFINITY : endMicros / 1e6, ranged), video.filterGraph(), "format=pix_fmts=" + pixelFormat + support.colorRangeConstraint(), "buffersink");
      FilterChain filters = FilterChain.parse(graph, video.filterGraph(), true);
      add(stream, EncodeChain.open(true, filters, support, video.bitrateValue(), video.gopValue(), video.options(), muxer), decoder);
    } catch (Throwable t) {
      decoder.close();
      throw t;
    }
  }

  private void addAudio(AVStream stream, AvioMuxer muxer, long startMicros, long endMicros, boolean ranged) throws TranscodeException {
    AudioSettings audio = settings.audio;
    if (audio.mode() == StreamMode.COPY) {
      add(stream, CopyChain.open(false, stream, muxer, startMicros, endMicros, ranged), null);
      return;
    }
    EncoderSupport support = EncoderSupport.find(audio.codec(), AVMEDIA_TYPE_AUDIO);
    Decoder decoder = Decoder.open(stream, settings.corruptPackets);
    try {
      AVCodecContext d = decoder.context;
      String source = StreamGraphs.audioSource(decoder);
      String graph = GraphText.chain(source, GraphText.trim(false, startMicros / 1e6, endMicros == Long.MAX_VALUE
          ? Double.POSITIVE_INFINITY : endMicros / 1e6, ranged), audio.filterGraph(),
          AudioFormat.filter(support, audio, d.sample_fmt(), d.sample_rate(), d.ch_layout().nb_channels()), "abuffersink");
      FilterChain filters = FilterChain.parse(graph, audio.filterGraph(), true);
      add(stream, EncodeChain.open(false, filters, support, audio.bitrateValue(), 0, audio.options(), muxer), decoder);
    } catch (Throwable t) {
      decoder.close();
      throw t;
    }
  }

  private void add(AVStream stream, OutputChain chain, Decoder decoder) {
    chains.add(chain);
    routes[stream.index()] = new Route(chain, decoder);
  }

  private Optional<Duration> total(AVFormatContext format) {
    long micros = format.duration();
    if (micros == AV_NOPTS_VALUE || micros <= 0) return settings.duration;
    Duration remaining = Duration.ofNanos(micros * 1000).minus(settings.start);
    Duration whole = remaining.isNegative() ? Duration.ZERO : remaining;
    return Optional.of(settings.duration.filter(d -> d.compareTo(whole) < 0).orElse(whole));
  }

  private long corruptPackets() {
    long sum = 0;
    for (Route route : routes) if (route != null && route.decoder != null) sum += route.decoder.corruptPackets();
    return sum;
  }

  private String wanted() {
    if (settings.video.mode() == StreamMode.NONE) return "audio";
    if (settings.audio.mode() == StreamMode.NONE) return "video";
    return "video or audio";
  }
}
