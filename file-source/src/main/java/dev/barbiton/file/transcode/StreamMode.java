package dev.barbiton.file.transcode;

/** What a transcode does with the input's video or audio. */
enum StreamMode {
  /** Decode, filter, encode. */
  ENCODE,
  /** Copy the packets as they are (remux). */
  COPY,
  /** Leave the stream out. */
  NONE
}
