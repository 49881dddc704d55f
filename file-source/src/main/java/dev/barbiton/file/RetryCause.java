package dev.barbiton.file;

/**
 * Why a download tried a request again ({@link SourceMetrics#retriesByCause()}): a few stable
 * kinds, fit to be a metric's tag.
 */
public enum RetryCause {
  /** No byte within the stall timeout, or a connect or read timeout. */
  TIMEOUT,
  /** The connection was refused, reset or cut, or the body ended early. */
  CONNECTION,
  /** The server answered a status worth another try: 408, 429 or a 5xx. */
  HTTP_STATUS,
  /** The response contradicted itself or the request (its range, its length). */
  INVALID_RESPONSE,
  /** The host name did not resolve (retried once). */
  UNKNOWN_HOST,
  /** Any other failure a retry may cure. */
  OTHER
}
