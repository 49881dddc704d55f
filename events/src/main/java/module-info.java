/** A non-blocking event bus and the events Barbiton publishes. */
module dev.barbiton.events {
  requires org.slf4j;

  exports dev.barbiton.events;
}
