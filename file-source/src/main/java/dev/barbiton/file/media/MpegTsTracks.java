package dev.barbiton.file.media;

import dev.barbiton.file.media.TrackDetails.Kind;
import dev.barbiton.file.media.codec.AnnexB;
import dev.barbiton.file.media.codec.AudioConfigs;
import dev.barbiton.file.media.codec.BitstreamException;
import dev.barbiton.file.media.codec.TrackBuilder;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The elementary streams of an MPEG-2 transport stream (ISO/IEC 13818-1): the first program of
 * the PAT, the streams its PMT lists (H.264, H.265, AAC in ADTS, MPEG audio, AC-3, E-AC-3, Opus
 * by its registration descriptor), and for each the first bytes of its PES payload: the first
 * parameter sets of a video stream ({@link AnnexB}), the first frame header of an audio stream.
 *
 * <p>Bounded: 188-byte packets in the window only, PSI sections within one packet, at most
 * {@link #MAX_STREAMS} streams and {@link #MAX_PES_BYTES} payload bytes gathered per stream.
 */
final class MpegTsTracks {
  static final int PACKET = 188;
  private static final int MAX_STREAMS = 16;
  private static final int MAX_PES_BYTES = 256 << 10;
  /** The PES packets whose times give a video stream's frame rate. */
  private static final int FRAME_RATE_PACKETS = 8;

  /** One elementary stream of the PMT. */
  private static final class Stream {
    final int pid;
    final int type;
    final String registration;
    final ByteArrayOutputStream payload = new ByteArrayOutputStream();
    boolean started;
    boolean done;
    int nextTry = 2048;
    /** Decode times (90 kHz) of the first PES packets, for a video stream's frame rate. */
    final long[] times = new long[FRAME_RATE_PACKETS];
    int timesSeen;
    TrackBuilder track;

    Stream(int pid, int type, String registration) {
      this.pid = pid;
      this.type = type;
      this.registration = registration;
    }
  }

  private final SniffWindow w;
  private int pmtPid = -1;
  private final Map<Integer, Stream> streams = new LinkedHashMap<>();
  private boolean pmtRead;

  private MpegTsTracks(SniffWindow w) {
    this.w = w;
  }

  /** The result: the tracks found, and whether every stream's first frame or parameter sets were in the window. */
  record Result(List<TrackDetails> tracks, List<String> codecs, boolean complete) {}

  /**
   * Reads the packets of the window (offset 0 is a packet start); {@code last}: no more bytes
   * will come, so each stream makes do with what was gathered.
   */
  static Result read(SniffWindow w, boolean last) {
    MpegTsTracks ts = new MpegTsTracks(w);
    for (long p = 0; w.has(p, PACKET) && w.u8(p) == 0x47; p += PACKET) {
      ts.packet(p);
      if (ts.pmtRead && ts.streams.values().stream().allMatch(s -> s.done && !ts.wantsTimes(s))) break;
    }
    for (Stream s : ts.streams.values()) {
      if (!s.done && s.track != null && s.payload.size() > 0) ts.tryRead(s, last);
    }
    return ts.result();
  }

  private void packet(long p) {
    int pid = (w.u8(p + 1) & 0x1F) << 8 | w.u8(p + 2);
    boolean start = (w.u8(p + 1) & 0x40) != 0;
    int control = w.u8(p + 3) >>> 4 & 3;
    if ((control & 1) == 0) return; // no payload
    long payload = p + 4;
    if ((control & 2) != 0) payload += 1 + w.u8(p + 4);
    long end = p + PACKET;
    if (payload >= end) return;
    if (pid == 0 && start && pmtPid < 0) {
      pat(payload + 1 + w.u8(payload), end);
    } else if (pid == pmtPid && start && !pmtRead) {
      pmt(payload + 1 + w.u8(payload), end);
    } else {
      Stream s = streams.get(pid);
      if (s != null && !s.done) pes(s, start, payload, end);
      else if (s != null && start && wantsTimes(s) && w.has(payload, 14)) timestamp(s, payload, end);
    }
  }

  private void pat(long section, long end) {
    if (section + 8 > end || w.u8(section) != 0x00) return;
    long length = (w.u8(section + 1) & 0x0F) << 8 | w.u8(section + 2);
    long last = Math.min(end, section + 3 + length - 4);
    for (long e = section + 8; e + 4 <= last; e += 4) {
      int program = w.u16(e);
      if (program != 0) {
        pmtPid = (w.u8(e + 2) & 0x1F) << 8 | w.u8(e + 3);
        return;
      }
    }
  }

  private void pmt(long section, long end) {
    if (section + 12 > end || w.u8(section) != 0x02) return;
    long length = (w.u8(section + 1) & 0x0F) << 8 | w.u8(section + 2);
    long last = Math.min(end, section + 3 + length - 4);
    long infoLength = (w.u8(section + 10) & 0x0F) << 8 | w.u8(section + 11);
    long e = section + 12 + infoLength;
    while (e + 5 <= last && streams.size() < MAX_STREAMS) {
      int type = w.u8(e);
      int pid = (w.u8(e + 1) & 0x1F) << 8 | w.u8(e + 2);
      int esInfo = (w.u8(e + 3) & 0x0F) << 8 | w.u8(e + 4);
      String registration = null;
      for (long d = e + 5; d + 2 <= Math.min(last, e + 5 + esInfo); d += 2 + w.u8(d + 1)) {
        if (w.u8(d) == 0x05 && w.u8(d + 1) >= 4) registration = w.fourCc(d + 2);
      }
      streams.putIfAbsent(pid, new Stream(pid, type, registration));
      e += 5 + esInfo;
    }
    pmtRead = true;
    for (Stream s : streams.values()) s.track = track(s);
  }

  /** Gathers the PES payload from the first PES start, without PES headers. */
  private void pes(Stream s, boolean start, long payload, long end) {
    long from = payload;
    if (start) {
      if (!w.has(payload, 9) || w.u8(payload) != 0 || w.u8(payload + 1) != 0 || w.u8(payload + 2) != 1) return;
      from = payload + 9 + w.u8(payload + 8);
      s.started = true;
      timestamp(s, payload, end);
    }
    if (!s.started || from >= end) return;
    for (long i = from; i < end && s.payload.size() < MAX_PES_BYTES; i++) s.payload.write(w.u8(i));
    // Tried at doubling sizes: each try copies what was gathered.
    if (s.payload.size() >= s.nextTry || s.payload.size() >= MAX_PES_BYTES) {
      s.nextTry *= 2;
      tryRead(s, s.payload.size() >= MAX_PES_BYTES);
    }
  }

  /** A video stream whose frame rate needs more PES packets' times. */
  private boolean wantsTimes(Stream s) {
    return s.track != null && s.track.kind() == Kind.VIDEO && s.timesSeen < FRAME_RATE_PACKETS;
  }

  /** The PES header's DTS, else its PTS (13818-1 2.4.3.7), kept for the first packets of a stream. */
  private void timestamp(Stream s, long pes, long end) {
    if (s.timesSeen >= s.times.length) return;
    int flags = w.u8(pes + 7) >>> 6;
    long at = flags == 3 ? pes + 14 : flags == 2 ? pes + 9 : -1;
    if (at < 0 || at + 5 > end) return;
    long t = (long) (w.u8(at) >>> 1 & 7) << 30 | (long) w.u8(at + 1) << 22 | (long) (w.u8(at + 2) >>> 1) << 15
        | (long) w.u8(at + 3) << 7 | w.u8(at + 4) >>> 1;
    s.times[s.timesSeen++] = t;
  }

  /** Frames per second from the decode times of a stream's first PES packets, one frame each. */
  private static double frameRate(Stream s) {
    if (s.timesSeen < 3) return 0;
    for (int i = 1; i < s.timesSeen; i++) {
      if (s.times[i] <= s.times[i - 1]) return 0; // not one increasing frame per packet
    }
    return (s.timesSeen - 1) * 90_000.0 / (s.times[s.timesSeen - 1] - s.times[0]);
  }

  private void tryRead(Stream s, boolean last) {
    byte[] b = s.payload.toByteArray();
    TrackBuilder t = s.track;
    try {
      switch (s.type) {
        case 0x1B:
        case 0x24: {
          AnnexB.Codec codec = s.type == 0x1B ? AnnexB.Codec.H264 : AnnexB.Codec.HEVC;
          // Read once the first picture's units have arrived, or at the end of what is gathered.
          AnnexB.Found found = AnnexB.read(codec, b, 0, b.length, new TrackBuilder());
          if (found == AnnexB.Found.FIRST_PICTURE || found == AnnexB.Found.PARAMETER_SETS && last) {
            AnnexB.read(codec, b, 0, b.length, t);
            s.done = true;
          }
          break;
        }
        case 0x0F:
          if (b.length >= 7) {
            t.config(AudioConfigs.adts(b, 0, b.length));
            s.done = true;
          }
          break;
        case 0x03:
        case 0x04:
          if (b.length >= 4) {
            s.done = true;
            int[] format = AudioFrameSniffer.mpegAudioFormat(b);
            if (format != null) t.audio(format[0], format[1], 0);
          }
          break;
        default:
          s.done = true;
      }
    } catch (BitstreamException e) {
      s.done = true; // not what the PMT said: the track keeps its name only
    }
    if (last) s.done = true;
  }

  private static TrackBuilder track(Stream s) {
    TrackBuilder t = new TrackBuilder().id(s.pid);
    switch (s.type) {
      case 0x1B: return t.kind(Kind.VIDEO).entry("avc1").fallbackCodec("avc1");
      case 0x24: return t.kind(Kind.VIDEO).entry("hvc1").fallbackCodec("hvc1");
      case 0x0F: return t.kind(Kind.AUDIO).entry("mp4a").fallbackCodec("mp4a.40");
      case 0x03: case 0x04: return t.kind(Kind.AUDIO).entry(".mp3").fallbackCodec("mp3");
      case 0x81: return t.kind(Kind.AUDIO).entry("ac-3").fallbackCodec("ac-3");
      case 0x87: return t.kind(Kind.AUDIO).entry("ec-3").fallbackCodec("ec-3");
      case 0x06:
        if ("Opus".equals(s.registration)) return t.kind(Kind.AUDIO).entry("Opus").fallbackCodec("opus");
        if ("AC-3".equals(s.registration)) return t.kind(Kind.AUDIO).entry("ac-3").fallbackCodec("ac-3");
        return null;
      default:
        return null;
    }
  }

  private Result result() {
    List<TrackDetails> tracks = new ArrayList<>();
    List<String> codecs = new ArrayList<>();
    boolean complete = pmtRead;
    for (Stream s : streams.values()) {
      if (s.track == null) continue;
      complete &= s.done;
      if (s.track.kind() == Kind.VIDEO) s.track.frameRate(frameRate(s));
      TrackDetails t = s.track.build();
      tracks.add(t);
      if (!codecs.contains(t.codec())) codecs.add(t.codec());
    }
    return new Result(tracks, codecs, complete);
  }
}
