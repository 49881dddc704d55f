/** Progressive download over HTTP into the asset store, and readers that play while it runs. */
module dev.barbiton.file {
  requires transitive dev.barbiton.assets;
  requires transitive okhttp3;
  requires org.slf4j;

  exports dev.barbiton.file;
  exports dev.barbiton.file.mp4;
}
