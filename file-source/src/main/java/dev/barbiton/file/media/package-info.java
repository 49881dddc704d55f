/**
 * What a media resource is, from its first bytes and its {@code Content-Type}, without FFmpeg:
 * {@link dev.barbiton.file.media.MediaSniffer} and the {@link dev.barbiton.file.media.MediaInfo}
 * it reports (container, MIME type, codecs, brands), plus where the first bytes state an index at
 * the end of the file. Pure functions over bounded windows of bytes: never throw for any content.
 *
 * <p>May use: nothing of Barbiton's but the JDK and SLF4J.
 */
package dev.barbiton.file.media;
