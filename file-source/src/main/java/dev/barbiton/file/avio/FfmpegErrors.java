package dev.barbiton.file.avio;

import static org.bytedeco.ffmpeg.global.avutil.AV_ERROR_MAX_STRING_SIZE;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;

/** FFmpeg's words for its error codes. */
final class FfmpegErrors {
  private FfmpegErrors() {}

  /** {@code av_strerror}'s text for {@code code}, with the code: "Invalid data found ... (-1094995529)". */
  static String describe(int code) {
    byte[] text = new byte[AV_ERROR_MAX_STRING_SIZE];
    av_strerror(code, text, text.length); // writes a generic text for unknown codes too
    int length = 0;
    while (length < text.length && text[length] != 0) length++;
    return new String(text, 0, length, StandardCharsets.UTF_8) + " (" + code + ")";
  }
}
