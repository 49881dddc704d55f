/**
 * Micrometer meters for Barbiton's metrics: {@link dev.barbiton.micrometer.StoreMeters} for an
 * asset store, {@link dev.barbiton.micrometer.SourceMeters} for a file source. Optional: the core
 * modules know nothing of Micrometer.
 */
module dev.barbiton.micrometer {
  requires transitive dev.barbiton.file;
  requires transitive micrometer.core;

  exports dev.barbiton.micrometer;
}
