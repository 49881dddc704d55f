package dev.barbiton.examples.bench;

import dev.barbiton.file.avio.OutputSink;
import dev.barbiton.file.avio.RandomAccessInput;
import dev.barbiton.file.transcode.AudioSettings;
import dev.barbiton.file.transcode.SampleMedia;
import dev.barbiton.file.transcode.TranscodeResult;
import dev.barbiton.file.transcode.Transcoder;
import dev.barbiton.file.transcode.VideoSettings;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code transcode} (× real time: media seconds per wall second, higher is better): three jobs on
 * one 720p H.264 + AAC MP4 (60 s, 10 s quick) made for the run, each done by the {@link
 * Transcoder} in this JVM (input memory-mapped, output to a file) and by the {@code ffmpeg}
 * executable with the same settings on the same file, taking turns going first:
 *
 * <ul>
 *   <li>{@code vp9}: libvpx-vp9 at 1 Mbit/s, {@code deadline=realtime}, {@code cpu-used=8}, and
 *       libopus at 96 kbit/s, to WebM;
 *   <li>{@code h264}: libopenh264 at 2 Mbit/s with a keyframe every 50 frames, and AAC at 128
 *       kbit/s, to MP4;
 *   <li>{@code remux}: both streams copied into Matroska.
 * </ul>
 *
 * <p>Both sides use FFmpeg's default threads ({@code threads=auto}) for decoders and encoders. The
 * executable's process start is in its time (tens of ms against seconds). Goal: ratio ≥ 0.95, and
 * ≥ 1.0 for the remux. Skipped, with a line on the progress stream, where the executable cannot run
 * (it needs {@code libpulse.so.0}).
 */
final class TranscodeBench {
  static final String NAME = "transcode";

  private TranscodeBench() {}

  /** One job: our settings and the executable's arguments for the same thing. */
  private record Job(String name, VideoSettings video, AudioSettings audio, String format, String extension, List<String> ffmpegArgs) {}

  static List<Figure> run(BenchContext context) throws Exception {
    int seconds = context.pick(10, 60);
    int iterations = context.pick(2, 3);
    Path work = context.newDirectory(NAME);
    try {
      Optional<FfmpegExecutable> executable = FfmpegExecutable.find(context, NAME, work);
      if (!executable.isPresent()) return List.of();
      Path ffmpeg = executable.get().path();
      Map<String, String> environment = executable.get().environment();
      context.progress(NAME + ": making a " + seconds + " s 720p H.264 + AAC MP4");
      Path input = SampleMedia.mp4(seconds, true).size(1280, 720).videoBitrate(3_000_000).writeTo(work.resolve("input.mp4"));
      List<Job> jobs = List.of(
          new Job("vp9", VideoSettings.encode("libvpx-vp9").bitrate(1_000_000).option("deadline", "realtime").option("cpu-used", "8"),
              AudioSettings.encode("libopus").bitrate(96_000), "webm", "webm",
              List.of("-c:v", "libvpx-vp9", "-b:v", "1000k", "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus", "-b:a", "96k")),
          new Job("h264", VideoSettings.encode("libopenh264").bitrate(2_000_000).gop(50), AudioSettings.encode("aac").bitrate(128_000),
              "mp4", "mp4", List.of("-c:v", "libopenh264", "-b:v", "2000k", "-g", "50", "-c:a", "aac", "-b:a", "128k")),
          new Job("remux", VideoSettings.copy(), AudioSettings.copy(), "matroska", "mkv", List.of("-c", "copy")));
      List<Figure> figures = new ArrayList<>();
      for (Job job : jobs) {
        context.progress(NAME + ": " + job.name + ", " + iterations + " iterations of each side");
        List<String> command = new ArrayList<>(List.of(ffmpeg.toString(), "-v", "error", "-y", "-i", input.toString()));
        command.addAll(job.ffmpegArgs);
        command.add(work.resolve("ffmpeg." + job.extension).toString());
        ours(input, job, work); // warm-up: the encoder's code and tables, the page cache
        double[] barbiton = new double[iterations];
        double[] baseline = new double[iterations];
        for (int i = 0; i < iterations; i++) {
          if (i % 2 == 0) barbiton[i] = seconds / ours(input, job, work);
          baseline[i] = seconds / theirs(command, environment, work);
          if (i % 2 == 1) barbiton[i] = seconds / ours(input, job, work);
        }
        figures.add(Figure.of(NAME, NAME + " " + job.name, barbiton, baseline, "x realtime",
            "the ffmpeg executable: ffmpeg -i FILE " + String.join(" ", job.ffmpegArgs) + " OUT." + job.extension,
            "Transcoder from a mapped file to a file; " + seconds + " s 1280x720 25 fps H.264 + AAC; goal >= "
                + (job.name.equals("remux") ? "1.0" : "0.95")));
      }
      return figures;
    } finally {
      BenchContext.delete(work);
    }
  }

  /** Our run of {@code job}: wall seconds. */
  private static double ours(Path input, Job job, Path work) throws IOException {
    long start = System.nanoTime();
    try (FileChannel channel = FileChannel.open(input, StandardOpenOption.READ)) {
      MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
      TranscodeResult result = Transcoder.from(RandomAccessInput.of(mapped)).video(job.video).audio(job.audio).format(job.format)
          .build().run(OutputSink.of(work.resolve("barbiton." + job.extension)));
      if (result.videoFrames() == 0) throw new IOException(job.name + ": no video frames written");
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** The executable's run: wall seconds. */
  private static double theirs(List<String> command, Map<String, String> environment, Path work) throws IOException, InterruptedException {
    ChildProcess.Result result = ChildProcess.run(command, environment, work, Duration.ofMinutes(10));
    if (result.timedOut() || result.exit() != 0) throw new IOException("ffmpeg failed (" + result.exit() + "): " + result.stderr());
    return result.wallMillis() / 1e3;
  }
}
