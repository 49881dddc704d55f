package dev.barbiton.file.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Hand-built headers of each format, for the sniffing tests. */
final class SniffFixtures {
  private SniffFixtures() {}


  /** MPEG-1 layer III, no CRC; 128 kbit/s, 44.1 kHz, no padding; joint stereo. */
  static final byte[] MP3_FRAME_HEADER = bytes(0xFF, 0xFB, 0x90, 0x64);

  static MediaInfo sniff(byte[] data) {
    ByteBuffer buffer = ByteBuffer.wrap(data);
    MediaInfo info = MediaSniffer.detect(buffer);
    assertEquals(info, MediaSniffer.sniff(buffer));
    assertEquals(0, buffer.position());
    return info;
  }

  static boolean html(byte[] data) {
    return MediaSniffer.looksLikeHtml(ByteBuffer.wrap(data));
  }

  static byte[] ftyp(String major, String... compatible) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    payload.writeBytes(ascii(major));
    payload.writeBytes(u32(0x200));
    for (String brand : compatible) payload.writeBytes(ascii(brand));
    return box("ftyp", payload.toByteArray());
  }

  static byte[] moov(byte[]... sampleEntries) {
    ByteArrayOutputStream traks = new ByteArrayOutputStream();
    traks.writeBytes(box("mvhd", new byte[100]));
    for (byte[] entry : sampleEntries) {
      byte[] stsd = box("stsd", u32(0), u32(1), entry);
      byte[] stbl = box("stbl", stsd, box("stts", u32(0), u32(0)));
      byte[] minf = box("minf", box("vmhd", new byte[12]), stbl);
      byte[] mdia = box("mdia", box("mdhd", new byte[24]), box("hdlr", new byte[25]), minf);
      traks.writeBytes(box("trak", box("tkhd", new byte[84]), mdia));
    }
    return box("moov", traks.toByteArray());
  }

  static byte[] avc1Entry(int profile, int constraints, int level) {
    byte[] avcC = box("avcC", bytes(1, profile, constraints, level, 0xFF, 0xE0, 0));
    return box("avc1", new byte[78], avcC);
  }

  /** An mp4a sample entry whose esds holds an AudioSpecificConfig of {@code objectType}. */
  static byte[] mp4aEntry(int objectType) {
    byte[] asc = bytes(objectType << 3 | 0x02, 0x10);
    byte[] decoderSpecific = cat(bytes(0x05, asc.length), asc);
    byte[] decoderConfig = cat(bytes(0x04, 13 + decoderSpecific.length, 0x40, 0x15),
        new byte[11], decoderSpecific);
    byte[] es = cat(bytes(0x03, 3 + decoderConfig.length + 3, 0, 1, 0), decoderConfig,
        bytes(0x06, 1, 2));
    return box("mp4a", new byte[28], box("esds", u32(0), es));
  }

  static byte[] tsPackets() {
    byte[] ts = new byte[188 * 3];
    for (int i = 0; i < ts.length; i += 188) ts[i] = 0x47;
    return ts;
  }

  /** An EBML header naming {@code docType}, a Segment of unknown size, Info and Tracks. */
  static byte[] matroska(String docType, String... codecIds) {
    ByteArrayOutputStream entries = new ByteArrayOutputStream();
    int number = 1;
    for (String codecId : codecIds) {
      entries.writeBytes(ebml(0xAE, ebml(0xD7, bytes(number++)), ebml(0x83, bytes(1)),
          ebml(0x86, ascii(codecId))));
    }
    byte[] info = ebml(0x1549A966, ebml(0x2AD7B1, bytes(0x0F, 0x42, 0x40)));
    byte[] tracks = ebml(0x1654AE6B, entries.toByteArray());
    byte[] segment = cat(bytes(0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF), ebml(0xEC, new byte[10]), info, tracks, ebml(0x1F43B675, ebml(0xE7, bytes(0))));
    return cat(ebmlHeader(docType), segment);
  }

  static byte[] ebmlHeader(String docType) {
    return ebml(0x1A45DFA3, ebml(0x4286, bytes(1)), ebml(0x42F7, bytes(1)),
        ebml(0x42F2, bytes(4)), ebml(0x42F3, bytes(8)), ebml(0x4282, ascii(docType)),
        ebml(0x4287, bytes(4)), ebml(0x4285, bytes(2)));
  }

  /** An EBML element: its ID as written, a 2-byte size, the data. */
  static byte[] ebml(long id, byte[]... data) {
    byte[] payload = cat(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int idLength = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
    for (int i = idLength - 1; i >= 0; i--) out.write((int) (id >>> (8 * i)));
    out.write(0x40 | payload.length >>> 8);
    out.write(payload.length);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** An ADTS frame: no CRC, MPEG-4, {@code profile} (object type - 1), zero payload. */
  static byte[] adts(int profile, int sampleRateIndex, int channels, int frameLength) {
    byte[] frame = new byte[frameLength];
    frame[0] = (byte) 0xFF;
    frame[1] = (byte) 0xF1;
    frame[2] = (byte) (profile << 6 | sampleRateIndex << 2 | channels >>> 2);
    frame[3] = (byte) ((channels & 3) << 6 | frameLength >>> 11);
    frame[4] = (byte) (frameLength >>> 3);
    frame[5] = (byte) ((frameLength & 7) << 5 | 0x1F);
    frame[6] = (byte) 0xFC;
    return frame;
  }

  /** A beginning-of-stream Ogg page holding one packet. */
  static byte[] oggPage(int serial, byte[] packet) {
    return cat(ascii("OggS"), bytes(0, 0x02), new byte[8], bytes(serial, 0, 0, 0), new byte[8],
        bytes(1, packet.length), packet);
  }

  static byte[] box(String type, byte[]... children) {
    byte[] payload = cat(children);
    return cat(u32(8 + payload.length), ascii(type), payload);
  }

  static byte[] u32(long value) {
    return bytes((int) (value >>> 24), (int) (value >>> 16), (int) (value >>> 8), (int) value);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) out[i] = (byte) values[i];
    return out;
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) out.writeBytes(part);
    return out.toByteArray();
  }
}
