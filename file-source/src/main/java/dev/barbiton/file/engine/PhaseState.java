package dev.barbiton.file.engine;

import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.events.FileEvent.Phase;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The download state machine: Init → Downloading → Complete, in one atomic reference moved only
 * by compare-and-set. Complete carries the outcome and is final. No lock.
 *
 * <h2>Implementation note</h2>
 *
 * <p>Each {@link Snapshot} carries its <em>step</em>: 0 for Init, then one more per transition,
 * so the machine takes at most two steps (Init → Downloading → Complete, or Init → Complete).
 *
 * <p>Publishing a {@code PhaseChanged} right after the CAS that caused it would let two racing
 * threads publish in the reverse order of their CASes (the first winner descheduled between its
 * CAS and its publish). So the winner of step {@code k} only <em>hands off</em>: it stores its
 * {@link Transition} in {@code outbox[k]}, then drains. The drainer holds {@code draining}
 * (taken by CAS, never waited for) and publishes {@code outbox[next], outbox[next + 1], ...}
 * while they are present, in step order; a thread that finds {@code draining} taken, or the
 * next step's transition not yet stored, leaves its transition for the drainer or for the
 * thread that stores the missing step. After releasing {@code draining} the drainer rechecks
 * the outbox, so a transition stored meanwhile is never stranded.
 *
 * <p>The step to Complete also carries the outcome: its drainer completes {@code completion}
 * after publishing the event, so whoever waits on the completion has seen the event on the bus
 * (a subscriber that polls after completion finds it). {@code onFinished} runs on the thread
 * that won the CAS to Complete, before the hand-off, hence before the completion completes.
 *
 * <p>Happens-before: the step's {@code outbox} write (volatile) precedes the drainer's read of
 * it; {@code next} is written only while holding {@code draining} (taken by CAS, released by a
 * volatile write), so each step is published exactly once, in order. The recheck after the
 * release cannot miss a step: its thread stored it before failing to take {@code draining}, so
 * before our release, so before our read.
 */
public final class PhaseState {
  public record Snapshot(Phase phase, DownloadOutcome outcome, int step) {}

  /** A phase change waiting to be published, with the outcome to complete on Complete. */
  private record Transition(Phase from, Phase to, DownloadOutcome outcome) {}

  /** The most steps the machine can take (Init → Downloading → Complete). */
  private static final int MAX_STEPS = 2;

  private final AtomicReference<Snapshot> state = new AtomicReference<>(new Snapshot(Phase.INIT, null, 0));
  private final CompletableFuture<DownloadOutcome> completion = new CompletableFuture<>();
  private final AtomicReferenceArray<Transition> outbox = new AtomicReferenceArray<>(MAX_STEPS + 1);
  private final AtomicBoolean draining = new AtomicBoolean();
  /** The next step to publish: written only while holding {@code draining}. */
  private volatile int next = 1;
  private final SourceEvents events;
  private final Runnable onFinished;

  /**
   * {@code onFinished} runs once, on the completing thread, before the completion future
   * completes.
   */
  public PhaseState(SourceEvents events, Runnable onFinished) {
    this.events = events;
    this.onFinished = onFinished;
  }

  public Snapshot snapshot() {
    return state.get();
  }

  /**
   * Completes with the outcome after the {@code PhaseChanged} to Complete is published, on the
   * thread that publishes it: the completing thread, or, when it raced an earlier transition,
   * the thread that published that one.
   */
  public CompletableFuture<DownloadOutcome> completion() {
    return completion;
  }

  /** Init → Downloading; false if the machine had already moved. */
  boolean startDownloading() {
    Snapshot init = state.get();
    if (init.phase() != Phase.INIT) return false;
    if (!state.compareAndSet(init, new Snapshot(Phase.DOWNLOADING, null, 1))) return false;
    handOff(1, new Transition(Phase.INIT, Phase.DOWNLOADING, null));
    return true;
  }

  /** Any phase → Complete with {@code outcome}; false if already complete (the first outcome stays). */
  public boolean complete(DownloadOutcome outcome) {
    for (;;) {
      Snapshot current = state.get();
      if (current.phase() == Phase.COMPLETE) return false;
      int step = current.step() + 1;
      if (state.compareAndSet(current, new Snapshot(Phase.COMPLETE, outcome, step))) {
        if (outcome instanceof DownloadOutcome.Finished) onFinished.run();
        handOff(step, new Transition(current.phase(), Phase.COMPLETE, outcome));
        return true;
      }
    }
  }

  /** Stores step {@code step}'s transition and publishes every transition now in order. */
  private void handOff(int step, Transition transition) {
    outbox.set(step, transition);
    while (draining.compareAndSet(false, true)) {
      try {
        for (Transition t; next <= MAX_STEPS && (t = outbox.get(next)) != null; ) {
          outbox.set(next, null);
          next++; // Before publishing: a publish that throws is not repeated.
          try {
            events.phaseChanged(t.from(), t.to());
          } finally {
            if (t.outcome() != null) completion.complete(t.outcome());
          }
        }
      } finally {
        draining.set(false);
      }
      // A step stored while we held the flag found it taken: publish it unless it waits for us.
      if (next > MAX_STEPS || outbox.get(next) == null) return;
    }
  }
}
