package dev.barbiton.file.avio;

import org.bytedeco.ffmpeg.global.avutil;

/** What a stream carries: FFmpeg's {@code AVMediaType}. */
public enum MediaType {
  VIDEO,
  AUDIO,
  DATA,
  SUBTITLE,
  ATTACHMENT,
  UNKNOWN;

  static MediaType of(int avMediaType) {
    if (avMediaType == avutil.AVMEDIA_TYPE_VIDEO) return VIDEO;
    if (avMediaType == avutil.AVMEDIA_TYPE_AUDIO) return AUDIO;
    if (avMediaType == avutil.AVMEDIA_TYPE_DATA) return DATA;
    if (avMediaType == avutil.AVMEDIA_TYPE_SUBTITLE) return SUBTITLE;
    if (avMediaType == avutil.AVMEDIA_TYPE_ATTACHMENT) return ATTACHMENT;
    return UNKNOWN;
  }
}
