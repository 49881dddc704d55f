/**
 * {@link dev.barbiton.server.LoopbackServer}: {@code http://127.0.0.1:PORT/<token>/<name>} URLs for
 * {@link dev.barbiton.file.FileSource}s, served from the cache while the download runs; and, when
 * the app turns it on, a status API ({@code StatusApi}: JSON about the sources and control of their
 * downloads, behind the app's token, on loopback only).
 *
 * <p>May use: {@code dev.barbiton.file} (the sources), {@code dev.barbiton.assets} (their typed
 * read failures), {@code dev.barbiton.events} (URL redaction), OkHttp's {@code HttpUrl} (to check
 * a URL as the source will), SLF4J, and {@code java.nio.channels} on plain sockets: no JDK HTTP
 * server, no {@code com.sun.*}, nothing Android 8.0 lacks.
 */
package dev.barbiton.server;
