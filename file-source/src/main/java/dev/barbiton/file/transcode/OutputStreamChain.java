package dev.barbiton.file.transcode;

/** One stream of the output, encoded or copied: what the run loop asks of each. */
interface OutputStreamChain extends AutoCloseable {
  boolean video();

  /** True once the stream has written its last packet. */
  boolean done();

  /** Frames (video) or frames/packets (audio) written. */
  long frames();

  /** The end of the latest packet written, in seconds of the output's timeline. */
  double endSeconds();

  /** The stream's index in the output. */
  int outputIndex();

  @Override
  void close();
}
