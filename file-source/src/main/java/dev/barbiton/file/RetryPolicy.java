package dev.barbiton.file;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a download retries: exponential backoff with jitter. An attempt
 * that made progress (received body bytes) resets the count, so a long download over a flaky
 * network is not capped by the total number of hiccups.
 */
public final class RetryPolicy {
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double jitter;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.jitter = b.jitter;
  }

  /** 6 attempts, backoff from 250 ms doubling up to 10 s, ±50 % jitter. */
  public static RetryPolicy defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Attempts in a row without progress before giving up, the first one included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration initialBackoff() {
    return initialBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** The wait before attempt {@code attempt} (2 for the first retry), jittered. */
  public Duration backoffBefore(int attempt) {
    double base = initialBackoff.toNanos() * Math.pow(2, Math.max(0, attempt - 2));
    double capped = Math.min(base, maxBackoff.toNanos());
    double factor = 1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    return Duration.ofNanos((long) Math.max(0, capped * factor));
  }

  /** Builds {@link RetryPolicy}. */
  public static final class Builder {
    private int maxAttempts = 6;
    private Duration initialBackoff = Duration.ofMillis(250);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private double jitter = 0.5;

    private Builder() {}

    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder initialBackoff(Duration initialBackoff) {
      if (Objects.requireNonNull(initialBackoff, "initialBackoff").isNegative()) {
        throw new IllegalArgumentException("initialBackoff < 0: " + initialBackoff);
      }
      this.initialBackoff = initialBackoff;
      return this;
    }

    public Builder maxBackoff(Duration maxBackoff) {
      if (Objects.requireNonNull(maxBackoff, "maxBackoff").isNegative()) {
        throw new IllegalArgumentException("maxBackoff < 0: " + maxBackoff);
      }
      this.maxBackoff = maxBackoff;
      return this;
    }

    /** Fraction of each backoff to randomize, in [0, 1]. */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 1)) throw new IllegalArgumentException("jitter not in [0, 1]: " + jitter);
      this.jitter = jitter;
      return this;
    }

    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
