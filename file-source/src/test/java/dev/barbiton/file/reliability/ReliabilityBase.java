package dev.barbiton.file.reliability;

import dev.barbiton.testing.ThreadDumps;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.FileSourceOptions;
import dev.barbiton.file.RetryPolicy;
import dev.barbiton.file.testing.LoopbackStoreFixture;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A loopback media server and a fresh store for each test; fast retries, short stall timeout. */
abstract class ReliabilityBase extends LoopbackStoreFixture {
  static final Duration DEADLINE = Duration.ofSeconds(30);


  FileSourceOptions.Builder options() {
    // The suites serve random bytes labelled as media: the content check has tests of its own.
    return FileSourceOptions.builder(store)
        .acceptAnyContent(true)
        .readTimeout(DEADLINE)
        .stallTimeout(Duration.ofSeconds(2))
        .retryPolicy(RetryPolicy.builder().maxAttempts(3)
            .initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(50)).build());
  }

  /** The outcome, or a failure with a thread dump when it does not come within the deadline. */
  static DownloadOutcome awaitOutcome(FileSource source) throws Exception {
    try {
      return source.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no outcome within " + DEADLINE + "\n" + ThreadDumps.all(), e);
    }
  }

  /** The cause of a failed outcome, checked to be of {@code type}. */
  static <T extends Throwable> T failedWith(Class<T> type, FileSource source) throws Exception {
    DownloadOutcome outcome = awaitOutcome(source);
    DownloadOutcome.Failed failed = assertInstanceOf(DownloadOutcome.Failed.class, outcome, outcome::toString);
    return assertInstanceOf(type, failed.cause(), () -> String.valueOf(failed.cause()));
  }

  static byte[] readAll(FileSource source) throws IOException {
    try (InputStream in = source.newInputStream()) {
      return in.readAllBytes();
    }
  }
}
