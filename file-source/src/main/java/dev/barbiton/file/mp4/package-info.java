/**
 * The fragmented-MP4 segment index: {@link dev.barbiton.file.mp4.SegmentIndexer} walks the
 * top-level boxes of any {@link dev.barbiton.assets.RandomAccessSource} at their absolute offsets
 * with a bounded box reader of its own (media data is never copied or parsed) and gives a {@link
 * dev.barbiton.file.mp4.SegmentIndex}: one {@link dev.barbiton.file.mp4.Segment} per {@code moof},
 * from a {@code sidx} first when the file starts with one.
 *
 * <p>May use: {@code dev.barbiton.assets} (the random-access contract) and the JDK.
 */
package dev.barbiton.file.mp4;
