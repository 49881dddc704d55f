/**
 * The ISO base media file format's box header (ISO/IEC 14496-12 4.2), read once for the MP4 index
 * and for sniffing: {@link dev.barbiton.file.isobmff.BoxHeader}, and the box types a file may
 * start with. Not exported.
 *
 * <p>May use: the JDK only.
 */
package dev.barbiton.file.isobmff;
