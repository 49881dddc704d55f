package dev.barbiton.file.download;

/**
 * Whether downloads may run now: an app's "only on an unmetered network", "only while charging".
 * The manager asks before it starts a download and again at every progress tick while downloads
 * run; a download that finds it false goes back to {@link DownloadState#QUEUED} (its bytes stay)
 * and starts again once it is true. Call {@link DownloadManager#conditionChanged()} when it may
 * have changed, so the manager does not wait for its next tick.
 *
 * <p>Called on the manager's threads with no lock held: it must be quick, must not block and
 * should not throw (a throw counts as false and is logged).
 */
@FunctionalInterface
public interface DownloadCondition {
  /** A condition that always allows downloads. */
  DownloadCondition ALWAYS = () -> true;

  /** Whether downloads may run now. */
  boolean allowsDownloads();
}
