package dev.barbiton.file.transcode;

import static org.bytedeco.ffmpeg.global.avutil.AV_DICT_IGNORE_SUFFIX;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;

/** Reading FFmpeg's option dictionaries. */
final class Dictionaries {
  private Dictionaries() {}

  /** The keys left in {@code dictionary}: after an open, the options nobody took. */
  static List<String> keys(AVDictionary dictionary) {
    List<String> keys = new ArrayList<>();
    AVDictionaryEntry entry = null;
    while ((entry = av_dict_get(dictionary, "", entry, AV_DICT_IGNORE_SUFFIX)) != null && !entry.isNull()) {
      keys.add(entry.key().getString());
    }
    return keys;
  }
}
