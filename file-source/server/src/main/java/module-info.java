/**
 * A loopback HTTP/1.1 server over {@code FileSource}: players that take only a URL read a source
 * while it downloads.
 *
 * <p>Exported: {@code dev.barbiton.server} ({@link dev.barbiton.server.LoopbackServer}, its
 * builder and its statistics). The HTTP machinery is package-private.
 */
module dev.barbiton.server {
  requires transitive dev.barbiton.file;
  requires org.slf4j;

  exports dev.barbiton.server;
}
