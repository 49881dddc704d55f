package dev.barbiton.file.media;

import dev.barbiton.file.media.MediaInfo.Container;
import dev.barbiton.file.media.MediaInfo.Source;
import dev.barbiton.file.media.MediaProbe.Range;
import dev.barbiton.file.media.TrackDetails.Kind;
import dev.barbiton.file.media.codec.AudioConfigs;
import dev.barbiton.file.media.codec.BitstreamException;
import dev.barbiton.file.media.codec.TrackBuilder;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * {@link MediaProbe}'s way through formats described by their first bytes alone: the one track of
 * ADTS AAC (its first header), MP3 (its first frame header), native FLAC (STREAMINFO) and the
 * first stream of Ogg (OpusHead, Ogg FLAC's STREAMINFO, the Vorbis identification header). Other
 * containers get no tracks.
 */
final class HeadPlan implements MediaProbe.Plan {
  private final Container container;
  private TrackDetails track;

  HeadPlan(Container container) {
    this.container = container;
  }

  @Override
  public Range next() {
    return null;
  }

  @Override
  public boolean complete() {
    return track != null;
  }

  @Override
  public void supply(Range range, ByteBuffer bytes) {
    byte[] b = new byte[Math.min(bytes.remaining(), MediaSniffer.SNIFF_BYTES)];
    bytes.duplicate().get(b);
    int start = id3End(b);
    TrackBuilder t = new TrackBuilder().kind(Kind.AUDIO);
    try {
      switch (container) {
        case AAC_ADTS:
          t.entry("mp4a").config(AudioConfigs.adts(b, start, b.length - start));
          break;
        case MP3: {
          if (start + 4 > b.length) return;
          int[] format = AudioFrameSniffer.mpegAudioFormat(java.util.Arrays.copyOfRange(b, start, b.length));
          if (format == null) return;
          String codec = ((b[start + 1] >>> 1) & 3) == 1 ? "mp3" : "mp2";
          t.entry(".mp3").fallbackCodec(codec).audio(format[0], format[1], 0);
          break;
        }
        case FLAC:
          t.entry("fLaC").config(AudioConfigs.streamInfo(b, start, b.length - start, true));
          break;
        case OGG:
          if (!ogg(b, t)) return;
          break;
        default:
          return;
      }
    } catch (BitstreamException e) {
      return; // not readable: no track
    }
    track = t.build();
  }

  /** The first Ogg page's packet: an identification header this class reads. */
  private static boolean ogg(byte[] b, TrackBuilder t) throws BitstreamException {
    if (b.length < 28) return false;
    int segments = b[26] & 0xFF;
    int packet = 27 + segments;
    int size = 0;
    for (int i = 0; i < segments && 27 + i < b.length; i++) size += b[27 + i] & 0xFF;
    size = Math.min(size, b.length - packet);
    if (size <= 0) return false;
    String magic = new String(b, packet, Math.min(8, size), java.nio.charset.StandardCharsets.ISO_8859_1);
    if (magic.startsWith("OpusHead")) {
      t.entry("Opus").config(AudioConfigs.opusHead(b, packet, size));
    } else if (magic.startsWith("\u007FFLAC") && size > 13) {
      t.entry("fLaC").config(AudioConfigs.streamInfo(b, packet + 9, size - 9, true)); // Ogg FLAC mapping 1.0
    } else if (magic.startsWith("\u0001vorbis") && size >= 16) {
      long rate = (b[packet + 12] & 0xFFL) | (b[packet + 13] & 0xFFL) << 8 | (b[packet + 14] & 0xFFL) << 16 | (b[packet + 15] & 0xFFL) << 24;
      t.entry("vorbis").fallbackCodec("vorbis").audio(rate, b[packet + 11] & 0xFF, 0);
    } else {
      return false;
    }
    return true;
  }

  /** Where an ID3v2 tag at the start ends (0 if there is none). */
  private static int id3End(byte[] b) {
    if (b.length < 10 || b[0] != 'I' || b[1] != 'D' || b[2] != '3') return 0;
    long size = (long) (b[6] & 0x7F) << 21 | (b[7] & 0x7F) << 14 | (b[8] & 0x7F) << 7 | (b[9] & 0x7F);
    long end = 10 + size + ((b[5] & 0x10) != 0 ? 10 : 0);
    return (int) Math.min(end, b.length);
  }

  @Override
  public MediaInfo info(MediaInfo sniffed) {
    if (track == null) return sniffed;
    return new MediaInfo(sniffed.container(), sniffed.mimeType(), List.of(track.codec()), sniffed.brand(),
        sniffed.compatibleBrands(), Source.SNIFFED, List.of(track));
  }
}
