/**
 * Progressive download over HTTP into the asset store, and readers that play while it runs.
 *
 * <p>Exported: {@code dev.barbiton.file} (the source, its options, outcomes and errors), {@code
 * .media} (container and codec sniffing), {@code .mp4} (the fragmented-MP4 segment index), {@code
 * .avio} and {@code .transcode} (FFmpeg, optional). Not exported: {@code .engine}, the download machinery behind {@code
 * FileSource}.
 */
module dev.barbiton.file {
  requires transitive dev.barbiton.assets;
  requires transitive okhttp3;
  requires org.slf4j;
  // FFmpeg is optional: only dev.barbiton.file.avio and .transcode touch it, and it loads on first use.
  requires static transitive org.bytedeco.ffmpeg;

  exports dev.barbiton.file;
  exports dev.barbiton.file.media;
  exports dev.barbiton.file.mp4;
  exports dev.barbiton.file.avio;
  exports dev.barbiton.file.transcode;
  exports dev.barbiton.file.process;
  exports dev.barbiton.file.download;
}
