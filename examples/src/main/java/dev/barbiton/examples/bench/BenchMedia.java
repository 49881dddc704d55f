package dev.barbiton.examples.bench;

import dev.barbiton.file.avio.OutputSink;
import dev.barbiton.file.avio.RandomAccessInput;
import dev.barbiton.file.transcode.AudioSettings;
import dev.barbiton.file.transcode.GeneratedSource;
import dev.barbiton.file.transcode.Transcoder;
import dev.barbiton.file.transcode.VideoSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Optional;

/**
 * The media files of the playback benchmarks ({@code ttff}, {@code seek}, {@code ttff-cold}), made
 * in this process by the {@link Transcoder} on first use, in a directory of the run.
 *
 * <p>One H.264 + AAC encode (libopenh264 at 2.7 Mbit/s, 640×360 at 25 fps with a keyframe every
 * second, AAC at 128 kbit/s, FFmpeg's {@code testsrc2} and {@code sine} sources) is the moov-at-end
 * MP4; the other video files are remuxes of it (stream copy), so they hold the same packets:
 * faststart MP4, fragmented MP4 (a fragment per keyframe) without and with a global {@code sidx},
 * and Matroska (cues at the end, as FFmpeg writes them). The MP3 is a 320 kbit/s libmp3lame encode of a tone. Full runs make each
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
    try {
      switch (kind) {
        case MP4_MOOV_END -> encodeVideo(out);
        case MP4_FASTSTART -> remux(out, "mp4", "+faststart");
        case FMP4 -> remux(out, "mp4", "+frag_keyframe+empty_moov+default_base_moof");
        case FMP4_SIDX -> remux(out, "mp4", "+frag_keyframe+empty_moov+default_base_moof+global_sidx");
        case MKV -> remux(out, "matroska", "");
        case MP3 -> encodeAudio(out);
        default -> throw new AssertionError(kind);
      }
      file = new MediaFile(kind, out, Files.size(out));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + out, e);
    }
    made.put(kind, file);
    return file;
  }

  private void encodeVideo(Path out) throws IOException {
    int seconds = quick ? 10 : 60;
    Transcoder.from(new GeneratedSource(Optional.of("testsrc2=size=640x360:rate=25"),
            Optional.of("sine=frequency=440:sample_rate=44100"), Duration.ofSeconds(seconds)))
        .video(VideoSettings.encode("libopenh264").bitrate(2_700_000).gop(25))
        .audio(AudioSettings.encode("aac").bitrate(128_000))
        .format("mp4").build().run(OutputSink.of(out));
  }

  private void encodeAudio(Path out) throws IOException {
    int seconds = quick ? 85 : 500;
    Transcoder.from(new GeneratedSource(Optional.empty(), Optional.of("sine=frequency=440:sample_rate=44100"),
            Duration.ofSeconds(seconds)))
        .audio(AudioSettings.encode("libmp3lame").bitrate(320_000))
        .format("mp3").build().run(OutputSink.of(out));
  }

  /** The packets of the moov-at-end MP4, as they are, in {@code format} with the muxer's {@code movflags}. */
  private void remux(Path out, String format, String movflags) throws IOException {
    Transcoder.Builder builder = Transcoder.from(RandomAccessInput.of(Files.readAllBytes(get(Kind.MP4_MOOV_END).path())))
        .video(VideoSettings.copy()).audio(AudioSettings.copy()).format(format);
    if (!movflags.isEmpty()) builder.formatOption("movflags", movflags);
    builder.build().run(OutputSink.of(out));
  }
}
