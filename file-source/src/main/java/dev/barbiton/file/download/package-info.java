/**
 * Offline downloads: {@link dev.barbiton.file.download.DownloadManager}, a persistent queue of
 * whole files, byte ranges and time ranges over an asset store, with pause and resume,
 * priorities, a condition and retries; and pre-caching the first seconds of a file.
 */
package dev.barbiton.file.download;
