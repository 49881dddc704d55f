/**
 * FFmpeg reading Barbiton's sources: a custom {@code AVIOContext} over a {@link
 * dev.barbiton.file.avio.RandomAccessInput}, so FFmpeg demuxes and decodes a {@link
 * dev.barbiton.file.FileSource} while it downloads, or bytes in memory, with no temporary file.
 *
 * <ul>
 *   <li>{@link dev.barbiton.file.avio.RandomAccessInput}: positional reads that block until the
 *       bytes arrive; over a file source or a buffer.
 *   <li>{@link dev.barbiton.file.avio.AvioDemuxer}: the format context on such an input; packets,
 *       streams, seeking by time, cancellation by close from any thread.
 *   <li>{@link dev.barbiton.file.avio.DemuxerOptions}: how much FFmpeg reads before the first
 *       packet, a demuxer to use without probing, FFmpeg format options.
 *   <li>{@link dev.barbiton.file.avio.Ffmpeg}: loading the natives ahead of the first open.
 *   <li>{@link dev.barbiton.file.avio.SimpleDecoder}: frames of the best video and audio streams,
 *       for tests and examples.
 *   <li>{@link dev.barbiton.file.avio.Thumbnails}: the frame at a time as a PNG, no muxer involved.
 *   <li>{@link dev.barbiton.file.avio.AvioMuxer} and {@link dev.barbiton.file.avio.OutputSink}: the
 *       write side, a custom write {@code AVIOContext} over a file or channel that can seek or a
 *       stream that cannot; the {@link dev.barbiton.file.transcode transcoder} writes through it.
 * </ul>
 *
 * <p>FFmpeg comes from the optional {@code org.bytedeco:ffmpeg} dependency (LGPL build). Its
 * native libraries (avutil, swresample, avcodec, avformat, swscale for thumbnails, avfilter for
 * the transcoder; never avdevice) load the first time {@code AvioDemuxer}, {@code SimpleDecoder} or {@code Thumbnails}
 * is used, or on a background thread from {@link dev.barbiton.file.avio.Ffmpeg#preload()}, and only
 * then; {@code RandomAccessInput} and {@code DemuxerOptions} alone need no native code. No other
 * package of Barbiton but {@code dev.barbiton.file.transcode} refers to FFmpeg.
 *
 * <p>FFmpeg's log: from this package's first use of FFmpeg (or {@code preload}) on, FFmpeg prints
 * nothing to stderr; its {@code av_log} goes to SLF4J, logger {@code
 * dev.barbiton.file.avio.ffmpeg}, one message per line as FFmpeg would print it (PANIC, FATAL and
 * ERROR at error, WARNING at warn, INFO at info, VERBOSE and DEBUG at debug, TRACE at trace).
 * FFmpeg formats only what that logger enables when the natives load; after changing the logging
 * configuration at run time, call {@link dev.barbiton.file.avio.Ffmpeg#updateLogLevel()}. The
 * callback and the level are FFmpeg's, for the whole process: an application that sets its own
 * {@code av_log} callback afterwards replaces this one.
 *
 * <p>How the adapter behaves inside FFmpeg's callbacks: one static read callback and one static
 * seek callback serve every context (JavaCPP keeps at most 10 live instances per callback class);
 * the context's {@code opaque} is an id that leads back to the Java side. Read blocks until at
 * least one byte is there, answers end of file only at the input's final end and never 0; seek
 * accepts any position (the next read moves the download there) and answers {@code AVSEEK_SIZE}
 * with the length once it is known. A read context's short-seek threshold is 0, so a demuxer's
 * skip forward is a seek, never a read of the skipped bytes ({@code ShortSeeks}). No Java exception
 * ever crosses into FFmpeg.
 */
package dev.barbiton.file.avio;
