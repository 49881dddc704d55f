/**
 * The ISO base media file format's boxes (ISO/IEC 14496-12 4.2), read once for the MP4 index, for
 * sniffing and for the tail index: {@link dev.barbiton.file.isobmff.BoxHeader} (size, largesize,
 * size 0 "to the end", {@code uuid}, a full box's version and flags, the box types a file may start
 * with) and {@link dev.barbiton.file.isobmff.BoxIterator} (the boxes of a range or of one parent,
 * each checked to lie inside it). Failures are {@link
 * dev.barbiton.file.isobmff.MalformedBoxException}, naming the box and its offset.
 *
 * <p>Not exported: apart from this module, only the project's own tools (the command line's demo
 * sample, the fuzz inputs), built with the same version and run from the class path, use it.
 *
 * <p>May use: the JDK only.
 */
package dev.barbiton.file.isobmff;
