package dev.barbiton.examples.bench;

import dev.barbiton.testing.TestMedia;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;

/**
 * The media files of the playback benchmarks ({@code ttff}, {@code seek}, {@code ttff-cold}), made
 * by FFmpeg's own {@code ffmpeg} on first use, in a directory of the run.
 *
 * <p>One H.264 + AAC encode (libopenh264 at 2.7 Mbit/s, 640×360 at 25 fps with a keyframe every
 * second, AAC at 128 kbit/s, lavfi test sources) is the moov-at-end MP4; the other video files are
 * remuxes of it ({@code -c copy}), so they hold the same packets: faststart MP4, fragmented MP4 (a
 * fragment per keyframe) without and with a global {@code sidx}, and Matroska (cues at the end, as
 * FFmpeg writes them). The MP3 is a 320 kbit/s libmp3lame encode of a tone. Full runs make each
 * about 20 MB (60 s of video, 500 s of audio); quick runs about 3.5 MB.
 *
 * <p>Not thread-safe: the benchmark thread uses it.
 */
final class BenchMedia {
  /** The kinds of file, in the order the benchmarks go through them. */
  enum Kind {
    MP4_MOOV_END("mp4 moov-end", "H.264+AAC MP4, moov at the end", "video/mp4", "mp4"),
    MP4_FASTSTART("mp4 faststart", "H.264+AAC MP4, moov first (+faststart)", "video/mp4", "mp4"),
    FMP4("fmp4", "fragmented H.264+AAC MP4 (1 s fragments), no sidx", "video/mp4", "mp4"),
    FMP4_SIDX("fmp4 sidx", "fragmented H.264+AAC MP4 (1 s fragments), global sidx", "video/mp4", "mp4"),
    MKV("mkv", "H.264+AAC Matroska, cues at the end", "video/x-matroska", "mkv"),
    MP3("mp3", "MP3, 320 kbit/s libmp3lame", "audio/mpeg", "mp3");

    /** The short name used in figure names. */
    final String label;
    final String description;
    final String contentType;
    final String extension;

    Kind(String label, String description, String contentType, String extension) {
      this.label = label;
      this.description = description;
      this.contentType = contentType;
      this.extension = extension;
    }
  }

  /** One made file. */
  record MediaFile(Kind kind, Path path, long length) {
    /** "20.1 MB H.264+AAC MP4, moov at the end", for notes. */
    String describe() {
      return String.format(Locale.ROOT, "%.1f MB %s", length / 1e6, kind.description);
    }
  }

  private static final String[] QUIET = {"-hide_banner", "-loglevel", "error", "-y"};

  private final Path directory;
  private final boolean quick;
  private final EnumMap<Kind, MediaFile> made = new EnumMap<>(Kind.class);

  BenchMedia(Path directory, boolean quick) {
    this.directory = directory;
    this.quick = quick;
  }

  /** The file of {@code kind}, made now if it was not yet. */
  MediaFile get(Kind kind) {
    MediaFile file = made.get(kind);
    if (file != null) return file;
    Path out = directory.resolve(kind.name().toLowerCase(Locale.ROOT) + "." + kind.extension);
    switch (kind) {
      case MP4_MOOV_END -> encodeVideo(out);
      case MP4_FASTSTART -> remux(out, "-movflags", "+faststart");
      case FMP4 -> remux(out, "-movflags", "+frag_keyframe+empty_moov+default_base_moof");
      case FMP4_SIDX -> remux(out, "-movflags", "+frag_keyframe+empty_moov+default_base_moof+global_sidx");
      case MKV -> remux(out);
      case MP3 -> encodeAudio(out);
      default -> throw new AssertionError(kind);
    }
    try {
      file = new MediaFile(kind, out, Files.size(out));
    } catch (IOException e) {
      throw new UncheckedIOException("ffmpeg made no " + out, e);
    }
    made.put(kind, file);
    return file;
  }

  private void encodeVideo(Path out) {
    int seconds = quick ? 10 : 60;
    ffmpeg("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=" + seconds,
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=" + seconds,
        "-c:v", "libopenh264", "-b:v", "2700k", "-g", "25", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "128k", out.toString());
  }

  private void encodeAudio(Path out) {
    int seconds = quick ? 85 : 500;
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=" + seconds,
        "-c:a", "libmp3lame", "-b:a", "320k", out.toString());
  }

  private void remux(Path out, String... options) {
    List<String> args = new ArrayList<>(List.of("-i", get(Kind.MP4_MOOV_END).path().toString(), "-c", "copy"));
    args.addAll(List.of(options));
    args.add(out.toString());
    ffmpeg(args.toArray(String[]::new));
  }

  private static void ffmpeg(String... args) {
    String[] all = new String[QUIET.length + args.length];
    System.arraycopy(QUIET, 0, all, 0, QUIET.length);
    System.arraycopy(args, 0, all, QUIET.length, args.length);
    TestMedia.run(TestMedia.ffmpeg(), all);
  }
}
