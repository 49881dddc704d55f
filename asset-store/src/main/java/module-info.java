/** The memory-mapped asset cache: resources, available ranges, persistence and eviction. */
module dev.barbiton.assets {
  requires transitive dev.barbiton.events;
  requires com.github.benmanes.caffeine;
  requires org.slf4j;

  exports dev.barbiton.assets;
}
