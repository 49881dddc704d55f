package dev.barbiton.server;

import java.io.IOException;

/** The client closed its connection while its response waited for bytes. */
final class ClientGoneException extends IOException {
  private static final long serialVersionUID = 1L;

  ClientGoneException() {
    super("client closed the connection", null);
  }
}
