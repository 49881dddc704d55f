package dev.barbiton.file.avio;

import java.io.IOException;
import java.util.Objects;

/**
 * FFmpeg's native libraries cannot be loaded on this machine: the {@code org.bytedeco:ffmpeg} jar
 * for this platform is missing from the class path, the platform is not one it is built for, a
 * system library it needs is absent (glibc older than 2.35, say), or JavaCPP cannot extract the
 * libraries to its cache directory. The cause is what the loader threw (an {@link
 * UnsatisfiedLinkError}, typically), with the loader's own words.
 */
public final class FfmpegUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String library;

  FfmpegUnavailableException(String library, Throwable cause) {
    super("cannot load FFmpeg's " + library + " natives: " + cause, cause);
    this.library = Objects.requireNonNull(library, "library");
  }

  /** The library that failed to load first ({@code "avutil"}, {@code "avcodec"}, ...). */
  public String library() {
    return library;
  }
}
