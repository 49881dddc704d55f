package dev.barbiton.file.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barbiton.file.avio.Ffmpeg;
import dev.barbiton.file.avio.FfmpegUnavailableException;
import dev.barbiton.file.transcode.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** External tools through the runner: real processes (shell scripts, the ffmpeg executable). */
@Timeout(60)
class ToolRunnerTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  @TempDir Path dir;

  /** An executable shell script with {@code body}; it ignores its arguments. */
  private Path script(String name, String body) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  @Test
  void progressBlocksAreParsedAndTheResultComesBack() throws Exception {
    Path tool = script("progress.sh", "printf 'frame=10\\nfps=25.0\\nout_time_us=400000\\nspeed=2.5x\\nprogress=continue\\n'\n"
        + "printf 'frame=25\\ntotal_size=1234\\nout_time_us=1000000\\nspeed=N/A\\nprogress=end\\n'\necho done >&2");
    List<ToolProgress> seen = new CopyOnWriteArrayList<>();
    try (ToolRunner runner = new ToolRunner()) {
      ToolRun run = runner.start(ToolCommand.builder(tool).args("-i", "x").progress().build(), seen::add);
      ToolResult result = run.await();
      assertEquals(List.of("done"), result.stderrTail());
    }
    assertEquals(2, seen.size());
    assertEquals(10, seen.get(0).frames().getAsLong());
    assertEquals(Duration.ofMillis(400), seen.get(0).outTime());
    assertEquals(2.5, seen.get(0).speed().getAsDouble(), 1e-9);
    assertEquals(25.0, seen.get(0).fps().getAsDouble(), 1e-9);
    assertFalse(seen.get(0).end());
    assertTrue(seen.get(1).end());
    assertFalse(seen.get(1).speed().isPresent(), "N/A is absent");
    assertEquals(1234, seen.get(1).totalSize().getAsLong());
  }

  @Test
  void aFailureCarriesItsStatusAndTheLastLinesOfStderr() throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 1; i <= 30; i++) body.append("echo line").append(i).append(" >&2\n");
    Path tool = script("fail.sh", body + "exit 3");
    try (ToolRunner runner = new ToolRunner()) {
      ToolRun run = runner.start(ToolCommand.builder(tool).stderrLines(3).build(), null);
      ToolFailedException e = assertThrows(ToolFailedException.class, run::await);
      assertEquals(3, e.exitCode());
      assertEquals(List.of("line28", "line29", "line30"), e.stderrTail());
      assertTrue(e.getMessage().contains("exited with status 3; its last words: line28 | line29 | line30"), e.getMessage());
    }
  }

  @Test
  void cancelStopsTheToolAndWhatItStarted() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Path tool = script("parent.sh", "sleep 300 &\necho $! > " + pidFile + "\nwait");
    try (ToolRunner runner = new ToolRunner()) {
      ToolRun run = runner.start(ToolCommand.builder(tool).gracePeriod(Duration.ofMillis(500)).build(), null);
      long child = awaitPid(pidFile);
      Optional<ProcessHandle> handle = ProcessHandle.of(child);
      assertTrue(handle.map(ProcessHandle::isAlive).orElse(false));
      run.cancel();
      assertThrows(ToolCancelledException.class, run::await);
      handle.get().onExit().get(DEADLINE.toSeconds(), TimeUnit.SECONDS); // no orphan left
      assertTrue(runner.running().isEmpty());
    }
  }

  @Test
  void aTimeoutStopsTheToolWithATypedError() throws Exception {
    Path tool = script("slow.sh", "echo starting >&2\nexec sleep 300");
    long start = System.nanoTime();
    try (ToolRunner runner = new ToolRunner()) {
      ToolRun run = runner.start(ToolCommand.builder(tool).timeout(Duration.ofMillis(300)).build(), null);
      ToolTimeoutException e = assertThrows(ToolTimeoutException.class, run::await);
      assertTrue(e.getMessage().contains("ran longer than 300 ms"), e.getMessage());
      assertEquals(List.of("starting"), e.stderrTail());
    }
    assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10);
  }

  @Test
  void closingTheRunnerStopsEveryRun() throws Exception {
    Path tool = script("sleeper.sh", "exec sleep 300");
    ToolRun first;
    ToolRun second;
    try (ToolRunner runner = new ToolRunner()) {
      first = runner.start(ToolCommand.builder(tool).build(), null);
      second = runner.start(ToolCommand.builder(tool).build(), null);
      assertEquals(2, runner.running().size());
    }
    assertFalse(first.isAlive());
    assertFalse(second.isAlive());
    assertThrows(ToolCancelledException.class, first::await);
  }

  @Test
  void aMissingExecutableIsATypedError() {
    try (ToolRunner runner = new ToolRunner()) {
      ToolFailedException e = assertThrows(ToolFailedException.class,
          () -> runner.start(ToolCommand.builder(dir.resolve("no-such-tool")).build(), null));
      assertEquals(-1, e.exitCode());
      assertTrue(e.getMessage().startsWith("cannot start "), e.getMessage());
    }
  }

  @Test
  void commandLinesAreLoggedWithoutSecrets() {
    ToolCommand command = ToolCommand.builder(Path.of("/usr/bin/ffmpeg"))
        .args("-headers", "Authorization: Bearer SECRET1\r\n", "-i", "https://user:SECRET2@example.com/v.mp4?token=SECRET3", "out.mkv")
        .build();
    String line = command.toString();
    assertFalse(line.contains("SECRET"), line);
    assertTrue(line.contains("Authorization: <redacted>"), line);
    assertTrue(line.contains("example.com/v.mp4"), line);
  }

  @Test
  void theBundledFfmpegRemuxesWithProgress() throws Exception {
    ToolCommand.Builder ffmpeg;
    try {
      ffmpeg = Ffmpeg.bundledTool("ffmpeg");
    } catch (FfmpegUnavailableException e) {
      Assumptions.abort("the ffmpeg executable cannot load here (it needs libpulse.so.0): " + e.getMessage());
      return;
    }
    Path input = SampleMedia.mp4(2, true).cachedIn(dir);
    Path output = dir.resolve("out.mkv");
    List<ToolProgress> seen = new CopyOnWriteArrayList<>();
    try (ToolRunner runner = new ToolRunner()) {
      runner.start(ffmpeg.args("-v", "error", "-y", "-i", input.toString(), "-c", "copy", output.toString()).progress().build(),
          seen::add).await();
    }
    Optional<ToolProgress> last = seen.isEmpty() ? Optional.empty() : Optional.of(seen.get(seen.size() - 1));
    assertTrue(last.isPresent() && last.get().end(), seen.toString());
    assertEquals(50, last.get().frames().getAsLong());
    assertTrue(Files.size(output) > 0);
  }

  /** Waits, on the directory's change events, until the script has written its child's pid. */
  private static long awaitPid(Path pidFile) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    try (WatchService watch = pidFile.getFileSystem().newWatchService()) {
      pidFile.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      while (true) {
        String text = Files.exists(pidFile) ? Files.readString(pidFile) : "";
        if (text.endsWith("\n")) return Long.parseLong(text.trim()); // echo's newline: the whole pid is there
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new AssertionError("timed out waiting for " + pidFile);
        WatchKey key = watch.poll(left, TimeUnit.NANOSECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    }
  }
}
