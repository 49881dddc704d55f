package dev.barbiton.file.engine;

import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.events.FileEvent.Phase;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The download state machine: Init → Downloading → Complete, in one atomic reference moved only
 * by compare-and-set. Complete carries the outcome and is final. No lock; events are published
 * after the transition that caused them, by the thread that won it.
 */
public final class PhaseState {
  public record Snapshot(Phase phase, DownloadOutcome outcome) {}

  private final AtomicReference<Snapshot> state = new AtomicReference<>(new Snapshot(Phase.INIT, null));
  private final CompletableFuture<DownloadOutcome> completion = new CompletableFuture<>();
  private final SourceEvents events;
  private final Runnable onFinished;

  /** {@code onFinished} runs once, on the completing thread, before the completion future completes. */
  public PhaseState(SourceEvents events, Runnable onFinished) {
    this.events = events;
    this.onFinished = onFinished;
  }

  public Snapshot snapshot() {
    return state.get();
  }

  public CompletableFuture<DownloadOutcome> completion() {
    return completion;
  }

  /** Init → Downloading; false if the machine had already moved. */
  boolean startDownloading() {
    Snapshot init = state.get();
    if (init.phase() != Phase.INIT) return false;
    if (!state.compareAndSet(init, new Snapshot(Phase.DOWNLOADING, null))) return false;
    events.phaseChanged(Phase.INIT, Phase.DOWNLOADING);
    return true;
  }

  /** Any phase → Complete with {@code outcome}; false if already complete (the first outcome stays). */
  public boolean complete(DownloadOutcome outcome) {
    for (;;) {
      Snapshot current = state.get();
      if (current.phase() == Phase.COMPLETE) return false;
      if (state.compareAndSet(current, new Snapshot(Phase.COMPLETE, outcome))) {
        if (outcome instanceof DownloadOutcome.Finished) onFinished.run();
        events.phaseChanged(current.phase(), Phase.COMPLETE);
        completion.complete(outcome);
        return true;
      }
    }
  }
}
