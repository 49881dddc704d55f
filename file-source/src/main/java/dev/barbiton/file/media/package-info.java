/**
 * What a media resource is, from its bytes and its {@code Content-Type}, without FFmpeg: {@link
 * dev.barbiton.file.media.MediaSniffer} tells the container, MIME type, codecs and brands from the
 * first bytes; {@link dev.barbiton.file.media.MediaProbe} describes every track ({@link
 * dev.barbiton.file.media.TrackDetails}: the exact RFC 6381 codec string, the decoder
 * configuration's values, picture or sample format, colour and HDR, duration, bitrate, frame rate,
 * keyframe interval) from the ranges of the file it asks for, wherever the index lies. Also where
 * the first bytes state an index at the end of the file. Pure functions and single-threaded
 * probes over bounded bytes: never throw for any content.
 *
 * <p>The values ({@link dev.barbiton.file.media.MediaInfo}, {@link
 * dev.barbiton.file.media.TrackDetails}, {@link dev.barbiton.file.media.VideoFormat}, {@link
 * dev.barbiton.file.media.AudioFormat}, {@link dev.barbiton.file.media.CodecConfig} and the
 * colour records) are immutable records. The bitstream readers live in the package {@code
 * dev.barbiton.file.media.codec}, which the module does not export.
 *
 * <p>May use: nothing of Barbiton's but {@code dev.barbiton.file.isobmff}, the JDK and SLF4J.
 */
package dev.barbiton.file.media;
