/**
 * Converting media with FFmpeg's libraries in this process: a custom read AVIO on the input and a
 * custom write AVIO on the output, so a {@link dev.barbiton.file.FileSource} is converted while it
 * downloads and the result streams to a file, a channel or an {@link java.io.OutputStream} (an
 * HTTP response) with no temporary file.
 *
 * <ul>
 *   <li>{@link dev.barbiton.file.transcode.Transcoder}: the builder and the run; video and audio
 *       each encoded ({@link dev.barbiton.file.transcode.VideoSettings#encode}, with options and a
 *       filter graph), copied or left out; format and format options; a time range; progress;
 *       cancel; the corrupt-packet policy.
 *   <li>{@link dev.barbiton.file.transcode.GeneratedSource}: media from FFmpeg's source filters
 *       ({@code testsrc2}, {@code sine}, ...) as an input.
 *   <li>{@link dev.barbiton.file.transcode.SampleMedia}: ready-made sample files in the layouts
 *       progressive download meets (MP4 with the moov first or last, fragmented MP4, Matroska,
 *       WebM), for demos, benchmarks and tests.
 *   <li>{@link dev.barbiton.file.transcode.TranscodeException} and its subclasses: what failed,
 *       with FFmpeg's own words.
 * </ul>
 *
 * <p>Like {@code dev.barbiton.file.avio}, this package needs the optional FFmpeg dependency
 * (avutil, swresample, avcodec, avformat, swscale, avfilter; never avdevice, so nothing needs
 * {@code libpulse}), and only it and {@code avio} refer to FFmpeg.
 */
package dev.barbiton.file.transcode;
