/**
 * The download machinery behind {@link dev.barbiton.file.FileSource}; not exported, no API.
 *
 * <ul>
 *   <li>{@code DownloadDriver}: owns the network for one source — ranged GETs over OkHttp, resume
 *       with {@code If-Range}, retries ({@code FailureKind}), reader demand ({@code DemandPolicy},
 *       {@code FetchTarget}), the index at the end on a second connection ({@code TailFetch}).
 *   <li>{@code PhaseState}: the Init → Downloading → Complete machine, moved by compare-and-set.
 *   <li>{@code ResponseChecks}, {@code ContentRange}, {@code ContentCheck}: what a response and its
 *       first bytes mean before anything is cached.
 *   <li>{@code OriginHeaders}: the caller's headers go to the URL's own origin only.
 *   <li>{@code SourceEvents}: the source's events on the bus, never published under a lock.
 * </ul>
 *
 * <p>May use: {@code dev.barbiton.file} (options, outcomes, errors), {@code .media}, the asset
 * store, the events, OkHttp. Never FFmpeg.
 */
package dev.barbiton.file.engine;
