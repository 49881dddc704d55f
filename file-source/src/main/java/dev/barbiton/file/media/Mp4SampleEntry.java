package dev.barbiton.file.media;

import dev.barbiton.file.isobmff.BoxHeader;
import dev.barbiton.file.isobmff.BoxIterator;
import dev.barbiton.file.isobmff.MalformedBoxException;
import dev.barbiton.file.media.TrackDetails.Kind;
import dev.barbiton.file.media.codec.AudioConfigs;
import dev.barbiton.file.media.codec.Av1SequenceHeader;
import dev.barbiton.file.media.codec.AvcParameterSets;
import dev.barbiton.file.media.codec.BitstreamException;
import dev.barbiton.file.media.codec.CodecStrings;
import dev.barbiton.file.media.codec.HdrMetadata;
import dev.barbiton.file.media.codec.HevcParameterSets;
import dev.barbiton.file.media.codec.TrackBuilder;
import dev.barbiton.file.media.codec.VideoFacts;
import dev.barbiton.file.media.codec.Vp9Config;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * One sample entry of an {@code stsd} box (ISO/IEC 14496-12 8.5.2): its type, the fields of a
 * visual or audio sample entry, and the boxes inside it that configure the decoder ({@code avcC},
 * {@code hvcC}, {@code av1C}, {@code vpcC}, {@code esds}, {@code dOps}, {@code dfLa}), describe
 * colour and HDR ({@code colr}, {@code mdcv}, {@code clli}, {@code dvcC}/{@code dvvC}/{@code
 * dvwC}, VP9's {@code SmDm} and {@code CoLL}) or give the bitrate ({@code btrt}); a protected
 * entry's original format comes from {@code sinf/frma}. A configuration that does not parse
 * leaves the track without it.
 */
final class Mp4SampleEntry {
  /** No configuration box is read beyond this size. */
  private static final int MAX_CONFIG = 1 << 20;

  /** Sample entries that extend VisualSampleEntry (ISO/IEC 14496-12 12.1.3, 14496-15). */
  static final Set<String> VIDEO_ENTRIES = Set.of("avc1", "avc3", "avc2", "avc4",
      "hvc1", "hev1", "dvh1", "dvhe", "dva1", "dvav", "dav1", "vvc1", "vvi1", "vp08", "vp09", "av01",
      "mp4v", "s263", "encv", "jpeg", "mjp2", "apch", "apcn", "apcs", "apco", "ap4h");

  /** Sample entries that extend AudioSampleEntry. */
  static final Set<String> AUDIO_ENTRIES = Set.of("mp4a", "Opus", "fLaC", "ac-3", "ec-3",
      "ac-4", ".mp3", "alac", "enca", "samr", "sawb", "dtsc", "dtse", "dtsh", "dtsl", "mha1",
      "mhm1", "ipcm", "fpcm", "lpcm", "sowt", "twos", "ulaw", "alaw");

  private final SniffWindow w;
  private final ByteBuffer bytes;
  private final long origin;
  private final TrackBuilder track;
  private String format;
  /** The codec string an {@code esds} names, for when its AudioSpecificConfig is not read. */
  private String esdsCodec;
  private int boxes;

  Mp4SampleEntry(SniffWindow w, ByteBuffer bytes, long origin, TrackBuilder track) {
    this.w = w;
    this.bytes = bytes;
    this.origin = origin;
    this.track = track;
  }

  /** Reads {@code entry}; false if its type is not printable. */
  boolean read(BoxHeader entry) {
    format = w.fourCc(entry.offset() - origin + 4);
    if (format == null) return false;
    long payload = entry.payloadOffset() - origin;
    long fields;
    boolean video = VIDEO_ENTRIES.contains(format);
    boolean audio = AUDIO_ENTRIES.contains(format);
    if (video) {
      if (track.kind() == Kind.OTHER) track.kind(Kind.VIDEO);
      fields = 78; // SampleEntry (8) + VisualSampleEntry fields (70)
      if (w.has(payload + 24, 4)) track.video().containerSize(w.u16(payload + 24), w.u16(payload + 26));
    } else if (audio) {
      if (track.kind() == Kind.OTHER) track.kind(Kind.AUDIO);
      // SampleEntry (8) + AudioSampleEntry fields (20); QuickTime sound description versions 1
      // and 2 append 16 and 36 bytes (QTFF, "Sound Sample Description").
      int version = w.has(payload + 8, 2) ? w.u16(payload + 8) : 0;
      fields = 28 + (version == 1 ? 16 : version == 2 ? 36 : 0);
      if (version == 2 && w.has(payload + 28, 24)) {
        double rate = Double.longBitsToDouble(w.u64(payload + 32));
        track.audio(rate > 0 && rate < Integer.MAX_VALUE ? (long) rate : 0, w.u32(payload + 40), w.u32(payload + 48));
      } else if (w.has(payload + 24, 4)) {
        track.audio(w.u32(payload + 24) >>> 16, w.u16(payload + 16), w.u16(payload + 18));
      }
    } else {
      track.entry(format).fallbackCodec(format);
      return true;
    }
    readChildren(entry, fields, 0);
    track.entry(format);
    if (esdsCodec != null) {
      track.fallbackCodec(esdsCodec);
    } else {
      switch (format) {
        case "Opus": track.fallbackCodec("opus"); break;
        case "fLaC": track.fallbackCodec("flac"); break;
        case ".mp3": track.fallbackCodec("mp3"); break;
        default: track.fallbackCodec(format);
      }
    }
    return true;
  }

  private void readChildren(BoxHeader parent, long fields, int depth) {
    try {
      BoxIterator children = BoxIterator.children(bytes, origin, parent, fields);
      while (children.hasNext() && boxes++ < 64) {
        BoxHeader child = children.next();
        try {
          child(child, depth);
        } catch (BitstreamException e) {
          // this configuration does not parse: the track goes without it
        }
      }
    } catch (MalformedBoxException e) {
      // the bytes end inside the entry, or a child is malformed: what was read stands
    }
  }

  private void child(BoxHeader box, int depth) throws BitstreamException {
    VideoFacts v = track.video();
    switch (box.type()) {
      case "sinf": {
        // Protected entry (encv/enca): the original format is in sinf/frma (14496-12 8.12).
        String frma = originalFormat(box);
        if (frma != null) format = frma;
        return;
      }
      case "wave":
        if (depth == 0) readChildren(box, 0, 1); // QuickTime: esds inside a wave box
        return;
      case "btrt": {
        long p = box.payloadOffset() - origin;
        if (box.size() - box.headerSize() >= 12 && w.has(p, 12)) track.bitrate(w.u32(p + 8));
        return;
      }
      default:
        break;
    }
    byte[] b = payload(box);
    if (b == null) return;
    switch (box.type()) {
      case "avcC": track.config(AvcParameterSets.readConfigurationRecord(b, 0, b.length, v)); break;
      case "hvcC": track.config(HevcParameterSets.readConfigurationRecord(b, 0, b.length, v)); break;
      case "av1C": track.config(Av1SequenceHeader.readConfigurationRecord(b, 0, b.length, v)); break;
      case "vpcC":
        if (b.length > 4) track.config(Vp9Config.readVpcc(b, 4, b.length - 4, b[0] & 0xFF, v));
        break;
      case "dvcC": case "dvvC": case "dvwC":
        v.dolbyVision(HdrMetadata.dolbyVision(b, 0, b.length, format));
        break;
      case "colr": {
        ColourInfo colour = HdrMetadata.colr(b, 0, b.length);
        if (colour != null) v.containerColour(colour);
        break;
      }
      case "mdcv": v.mastering(HdrMetadata.masteringDisplay(b, 0)); break;
      case "clli": v.contentLight(HdrMetadata.contentLightLevel(b, 0)); break;
      case "CoLL": if (b.length >= 8) v.contentLight(HdrMetadata.contentLightLevel(b, 4)); break;
      case "SmDm": v.mastering(HdrMetadata.smdm(b, 4)); break;
      case "esds": esds(box, b); break;
      case "dOps": track.config(AudioConfigs.dOps(b, 0, b.length)); break;
      case "dfLa": if (b.length > 4) track.config(AudioConfigs.streamInfo(b, 4, b.length - 4, false)); break;
      default: break;
    }
  }

  private void esds(BoxHeader box, byte[] b) throws BitstreamException {
    long start = box.payloadOffset() - origin + BoxHeader.VERSION_AND_FLAGS;
    Mpeg4Audio.DecoderConfig config = Mpeg4Audio.decoderConfig(w, start, box.end() - origin);
    if (config == null) return;
    int oti = config.objectTypeIndication();
    if (oti == Mpeg4Audio.OTI_MPEG4_AUDIO && config.specificInfo() >= 0) {
      int at = (int) (config.specificInfo() - (box.payloadOffset() - origin));
      try {
        track.config(AudioConfigs.audioSpecificConfig(b, at, config.specificInfoLength()));
        return;
      } catch (BitstreamException e) {
        // an unreadable AudioSpecificConfig: the object type still names the codec
      }
    }
    int aot = oti == Mpeg4Audio.OTI_MPEG4_AUDIO && config.specificInfo() >= 0 ? Mpeg4Audio.audioObjectType(w, config.specificInfo()) : 0;
    esdsCodec = CodecStrings.mp4a(oti, aot);
  }

  /** The box's payload as an array, or null if it is not all in the bytes or too large. */
  private byte[] payload(BoxHeader box) {
    long p = box.payloadOffset() - origin;
    long size = box.size() - box.headerSize();
    if (size > MAX_CONFIG || !w.has(p, size)) return null;
    byte[] b = new byte[(int) size];
    for (int i = 0; i < b.length; i++) b[i] = (byte) w.u8(p + i);
    return b;
  }

  /** The format in {@code sinf/frma}, or null if it is not there or not printable. */
  private String originalFormat(BoxHeader sinf) {
    String original = null;
    try {
      BoxIterator inner = BoxIterator.children(bytes, origin, sinf);
      for (int n = 0; n < 16 && inner.hasNext(); n++) {
        BoxHeader box = inner.next();
        String frma = box.type().equals("frma") ? w.fourCc(box.payloadOffset() - origin) : null;
        if (frma != null) original = frma;
      }
    } catch (MalformedBoxException e) {
      // the bytes end inside sinf, or a child is malformed: what was read stands
    }
    return original;
  }
}
