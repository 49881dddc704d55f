/**
 * Play a URL while it downloads: {@link dev.barbiton.file.FileSource} opens it over an {@link
 * dev.barbiton.assets.AssetStore} and gives readers ({@code readAt}, channels, streams; all {@link
 * dev.barbiton.assets.RandomAccessSource}s) that block for exactly the bytes they need while the
 * download runs. {@link dev.barbiton.file.FileSourceOptions} configures it, {@link
 * dev.barbiton.file.DownloadOutcome} says how it ended, and {@link
 * dev.barbiton.file.SourceException}'s subclasses say why it failed. {@link
 * dev.barbiton.file.SourceMetrics} is a snapshot of a source's counters (network, retries by
 * {@link dev.barbiton.file.RetryCause}, reads and their waits).
 *
 * <p>May use: {@code dev.barbiton.assets}, {@code dev.barbiton.events}, OkHttp, and this module's
 * {@code engine}, {@code media} and {@code mp4} packages. Never FFmpeg (only {@code avio} does).
 */
package dev.barbiton.file;
