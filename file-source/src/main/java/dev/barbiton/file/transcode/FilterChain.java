package dev.barbiton.file.transcode;

import static org.bytedeco.ffmpeg.global.avfilter.AV_BUFFERSRC_FLAG_KEEP_REF;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_frame;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_time_base;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersrc_add_frame_flags;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_alloc;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_config;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_free;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_parse_ptr;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_ENOMEM;

import org.bytedeco.ffmpeg.avfilter.AVFilterContext;
import org.bytedeco.ffmpeg.avfilter.AVFilterGraph;
import org.bytedeco.ffmpeg.avfilter.AVFilterInOut;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.Pointer;

/**
 * One linear filter graph: a {@code buffer}/{@code abuffer} source fed with decoded frames (or a
 * source filter such as {@code testsrc2} that needs none), the user's filters, the encoder's format
 * constraint, and a {@code buffersink}/{@code abuffersink} the encoder pulls from.
 */
final class FilterChain implements AutoCloseable {
  private AVFilterGraph graph;
  /** The buffer source, or null when the graph makes its own frames. */
  final AVFilterContext source;
  final AVFilterContext sink;

  private FilterChain(AVFilterGraph graph, AVFilterContext source, AVFilterContext sink) {
    this.graph = graph;
    this.source = source;
    this.sink = sink;
  }

  /**
   * Parses and configures {@code description}, a closed chain from a source ({@code buffer} or
   * {@code abuffer} if {@code fed}, else a source filter) to a {@code buffersink} or {@code
   * abuffersink}: {@code "buffer=...,scale=640:-2,format=pix_fmts=yuv420p,buffersink"}.
   *
   * @param userPart the user's part of the description, to name in an error
   */
  static FilterChain parse(String description, String userPart, boolean fed) throws TranscodeException {
    AVFilterGraph graph = avfilter_graph_alloc();
    if (graph == null || graph.isNull()) throw Failures.ffmpeg(TranscodeException.Stage.CONFIGURE, AVERROR_ENOMEM(), "filter graph");
    try {
      int ret = avfilter_graph_parse_ptr(graph, description, (AVFilterInOut) null, (AVFilterInOut) null, (Pointer) null);
      if (ret < 0) throw Failures.ffmpeg(TranscodeException.Stage.CONFIGURE, ret, "filter graph '" + userPart + "'");
      ret = avfilter_graph_config(graph, null);
      if (ret < 0) throw Failures.ffmpeg(TranscodeException.Stage.CONFIGURE, ret, "filter graph '" + userPart + "'");
      AVFilterContext source = fed ? find(graph, "buffer", description) : null;
      AVFilterContext sink = find(graph, "buffersink", description);
      return new FilterChain(graph, source, sink);
    } catch (Throwable t) {
      avfilter_graph_free(graph);
      throw t;
    }
  }

  /** The one filter of the graph whose type is {@code kind} or its audio twin ({@code a} + kind). */
  private static AVFilterContext find(AVFilterGraph graph, String kind, String description) throws TranscodeException {
    for (int i = 0; i < graph.nb_filters(); i++) {
      AVFilterContext context = graph.filters(i);
      String type = context.filter().name().getString();
      if (type.equals(kind) || type.equals("a" + kind)) return context;
    }
    throw Failures.configure("filter graph has no " + kind + ": " + description);
  }

  /** Hands {@code frame} (not consumed: the caller unrefs it) to the source; null ends the input. */
  void push(AVFrame frame) throws TranscodeException {
    int ret = av_buffersrc_add_frame_flags(source, frame, frame == null ? 0 : AV_BUFFERSRC_FLAG_KEEP_REF);
    if (ret < 0) throw Failures.ffmpeg(TranscodeException.Stage.FILTER, ret, "feeding the filter graph");
  }

  /** The time base of the frames the sink delivers (a copy). */
  AVRational sinkTimeBase() {
    AVRational tb = av_buffersink_get_time_base(sink);
    return new AVRational().num(tb.num()).den(tb.den());
  }

  /** {@code av_buffersink_get_frame}: 0 with a frame, {@code EAGAIN}, {@code AVERROR_EOF} or an error. */
  int pull(AVFrame frame) {
    return av_buffersink_get_frame(sink, frame);
  }

  @Override
  public void close() {
    if (graph != null) avfilter_graph_free(graph);
    graph = null;
  }
}
