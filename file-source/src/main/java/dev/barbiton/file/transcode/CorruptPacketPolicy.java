package dev.barbiton.file.transcode;

/** What a transcode does with a packet its decoder rejects as invalid data. */
public enum CorruptPacketPolicy {
  /** Drop the packet, count it ({@link TranscodeResult#corruptPackets()}) and go on: a glitch. */
  SKIP,
  /** Stop with a {@link CorruptInputException} that gives the packet's byte position. */
  ABORT
}
