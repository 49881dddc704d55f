package dev.barbiton.file.engine;

/**
 * Where the driver's running request is (its first byte and next byte), and whether a blocked
 * reader asked for the download to move. A request started for a reader is not taken away before
 * its first bytes arrived, nor, by a reader behind it, before it served {@link #MIN_SERVE} bytes,
 * so two readers seeking back and forth both make progress while a reader hopping forward gets the
 * download at every hop.
 *
 * <p>Threads: the driver's thread begins, advances and ends requests; reader threads ask for a
 * switch. Fields are volatile, each written by one side: a reader sees a recent position, which is
 * all the decision needs, and the driver looks at the switch once per chunk.
 */
final class RunningRequest {
  static final long MIN_SERVE = 16 << 10;

  /** The running request's first byte and next byte; -1 between requests. */
  private volatile long start = -1;
  private volatile long next = -1;
  private volatile boolean servingDemand;
  private volatile boolean switchRequested;
  /** Whether a reader behind the running request asked for the switch. */
  private volatile boolean switchBehind;
  /** Where the reader that asked for the switch waits. */
  private volatile long switchTarget;

  /** A request for {@code target} starts: no switch asked for yet. The driver's thread. */
  void begin(FetchTarget target) {
    switchRequested = false;
    switchBehind = false;
    servingDemand = target.forDemand();
    next = target.start();
    start = target.start();
  }

  /** The request's bytes up to {@code next} are in hand. The driver's thread. */
  void at(long next) {
    this.next = next;
  }

  /** No request runs. The driver's thread. */
  void end() {
    start = -1;
    next = -1;
  }

  /** The first byte of the running request, or -1 between requests. */
  long start() {
    return start;
  }

  /** The next byte the running request brings, or -1 between requests. */
  long next() {
    return next;
  }

  boolean servingDemand() {
    return servingDemand;
  }

  /**
   * A reader at {@code pos} asks the download to move there (the caller decided it should): the
   * driver switches at its next chunk. Returns whether the running call may be cancelled at once
   * (it is not protected, see the class comment). A reader's thread.
   */
  boolean askSwitch(long pos) {
    long first = start;
    long at = next;
    boolean behind = pos < first;
    if (behind) switchBehind = true;
    switchTarget = pos;
    switchRequested = true;
    return !protectedFrom(behind, first, at);
  }

  boolean switchRequested() {
    return switchRequested;
  }

  /** Where the reader that asked for the last switch waits. */
  long switchTarget() {
    return switchTarget;
  }

  /** Whether the driver, with bytes up to {@code pos} in hand, should stop the request for the switch. */
  boolean switchDue(long pos) {
    return switchRequested && !protectedFrom(switchBehind, start, pos);
  }

  /** The switch was made. The driver's thread. */
  void switched() {
    switchRequested = false;
  }

  private boolean protectedFrom(boolean behind, long first, long at) {
    if (!servingDemand) return false;
    return at == first || (behind && at - first < MIN_SERVE);
  }
}
