/**
 * A non-blocking, bounded event bus ({@link dev.barbiton.events.EventBus}) and the events
 * Barbiton publishes on it ({@link dev.barbiton.events.Event} and its sealed families).
 *
 * <p>Parameters and return values are non-null unless a method's documentation says otherwise.
 * Every string an event carries that may hold a URL is passed through {@link
 * dev.barbiton.events.Redaction} when the event is built, so {@code toString()} and logs never
 * show credentials or query values.
 */
package dev.barbiton.events;
