package dev.barbiton.file.engine;

/**
 * One request's progress events: the bytes of its body received so far and their rate since the
 * previous event, published at most once per interval. Used by the thread reading the body.
 */
final class RequestProgress {
  private final SourceEvents events;
  private final long bodyLength;
  private final long intervalNanos;
  private long last;
  private long receivedAtLast;

  RequestProgress(SourceEvents events, long bodyLength, long intervalNanos, long now) {
    this.events = events;
    this.bodyLength = bodyLength;
    this.intervalNanos = intervalNanos;
    this.last = now;
  }

  /** Publishes a progress event if an interval has passed since the last one. */
  void received(long received, long now) {
    if (now - last < intervalNanos) return;
    double rate = (received - receivedAtLast) * 1e9 / (now - last);
    events.progress(received, bodyLength, rate);
    last = now;
    receivedAtLast = received;
  }
}
