/**
 * Bitstream readers of decoder configurations, without FFmpeg: H.264 and H.265 parameter sets
 * and SEI messages, the {@code avcC}, {@code hvcC}, {@code av1C} and {@code vpcC} records, the AV1
 * sequence header, VP9 key frame headers, MPEG-4 {@code AudioSpecificConfig} and ADTS, Opus and
 * FLAC headers, colour and HDR boxes; and the RFC 6381 codec strings built from them ({@link
 * dev.barbiton.file.media.codec.CodecStrings}). The container readers of {@code
 * dev.barbiton.file.media} feed them and make the exported values.
 *
 * <p>Rules every reader keeps: each length and count read from the bytes is checked against the
 * bytes left and against a bound of the specification or of this package before use; reading
 * past the end is a {@link dev.barbiton.file.media.codec.BitstreamException}, the only exception
 * a reader throws for any content. Not exported: an implementation package.
 *
 * <p>May use: the values of {@code dev.barbiton.file.media} and the JDK.
 */
package dev.barbiton.file.media.codec;
