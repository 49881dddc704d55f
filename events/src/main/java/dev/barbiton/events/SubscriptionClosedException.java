package dev.barbiton.events;

/**
 * Thrown by {@link Subscription#take()} once the subscription is closed (by itself or by {@link
 * EventBus#close()}) and every event queued before the close has been taken.
 */
public final class SubscriptionClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message is {@code message}. */
  public SubscriptionClosedException(String message) {
    super(message);
  }
}
