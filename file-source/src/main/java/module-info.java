/** Progressive download over HTTP into the asset store, and readers that play while it runs. */
module dev.barbiton.file {
  requires transitive dev.barbiton.assets;
  requires transitive okhttp3;
  requires org.slf4j;
  // FFmpeg is optional: only dev.barbiton.file.avio touches it, and it loads on first use.
  requires static transitive org.bytedeco.ffmpeg;

  exports dev.barbiton.file;
  exports dev.barbiton.file.mp4;
  exports dev.barbiton.file.avio;
}
