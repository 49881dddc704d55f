package dev.barbiton.server;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The tokens of local URLs: 128 bits from {@link SecureRandom}, in URL-safe Base64 without padding
 * (22 characters of {@code A-Z a-z 0-9 - _}), so that knowing the server's port and other tokens
 * tells nothing about a token; a guess succeeds with probability 2^-128.
 */
final class Tokens {
  static final int LENGTH = 22;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {}

  static String next() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }

  /** Whether {@code s} could be a token: checked before any lookup, so junk never reaches the map. */
  static boolean isWellFormed(String s) {
    if (s.length() != LENGTH) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) return false;
    }
    return true;
  }
}
