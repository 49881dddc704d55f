package dev.barbiton.examples.bench;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.io.IOException;
import java.time.Duration;

/**
 * One iteration of one side of {@code ttff} and {@code seek}, within a time limit:
 *
 * <ol>
 *   <li><b>time to first frame</b>: from the call that opens the URL to the first decoded frame of
 *       {@link FrameDecoder}'s stream (video; audio for a file without video);
 *   <li>then, if asked, <b>seek</b>: from {@link Playback#seek} to 90 % of the container's duration
 *       to the next decoded frame, the decoder flushed in between.
 * </ol>
 *
 * <p>Each goes into its {@link Samples}. If the limit passes first, every figure not yet measured
 * counts as a timeout (a seek that never got to start included); any other failure is thrown.
 */
final class PlaybackTrial {
  /** Opens one side's playback; {@code deadline} must end its blocking calls. */
  interface Opener {
    Playback open(Deadline deadline) throws IOException;
  }

  /** Where the seek goes, as a fraction of the duration. */
  static final double SEEK_FRACTION = 0.9;

  private PlaybackTrial() {}

  /**
   * Runs one iteration.
   *
   * @param seek where the seek figure goes, or null to stop after the first frame
   * @throws IOException if the side fails other than by running out of time
   */
  static void run(Opener opener, Duration limit, Samples firstFrame, Samples seek) throws IOException {
    Deadline deadline = Deadline.after(limit);
    boolean firstFrameDone = false;
    long start = System.nanoTime();
    try (Playback playback = opener.open(deadline); FrameDecoder decoder = FrameDecoder.open(playback.format())) {
      if (!decoder.nextFrame(playback)) throw new IOException("the input ended before a first frame");
      firstFrame.add(millisSince(start));
      firstFrameDone = true;
      if (seek == null) return;
      long duration = playback.format().duration();
      if (duration == AV_NOPTS_VALUE || duration <= 0) throw new IOException("duration unknown: cannot seek to 90 %");
      long target = (long) (duration * SEEK_FRACTION);
      long seekStart = System.nanoTime();
      playback.seek(target);
      decoder.flush();
      if (!decoder.nextFrame(playback)) throw new IOException("the input ended before a frame after the seek");
      seek.add(millisSince(seekStart));
    } catch (IOException | RuntimeException e) {
      if (!deadline.expired()) throw e;
      if (!firstFrameDone) firstFrame.timeout();
      if (seek != null) seek.timeout();
    }
  }

  private static double millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }
}
