package dev.barbiton.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a subscription is set up: its queue capacity, its name and which events it wants.
 * Immutable; build one with {@link #builder()} and change a copy with {@link #newBuilder()}.
 *
 * <p>Filters are applied when an event is published; an event is delivered only if it passes
 * every filter that is set. {@link BusEvent.Overflow} reports bypass filters.
 */
public final class SubscribeOptions {
  /** The queue capacity of {@link #defaults()}. */
  public static final int DEFAULT_CAPACITY = 1024;

  private static final SubscribeOptions DEFAULTS = new Builder().build();

  private final int capacity;
  private final String name;
  private final List<Class<? extends Event>> types;
  private final String source;

  private SubscribeOptions(Builder builder) {
    this.capacity = builder.capacity;
    this.name = builder.name;
    this.types = builder.types;
    this.source = builder.source;
  }

  /** Capacity {@value #DEFAULT_CAPACITY}, a name chosen by the bus, no filters. */
  public static SubscribeOptions defaults() {
    return DEFAULTS;
  }

  /** Returns a builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding these options. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * The most events the subscription holds; when a new event arrives at a full queue, the
   * oldest is dropped and the loss is reported with a {@link BusEvent.Overflow}. The queue is a
   * ring of this many slots (a reference each), allocated when subscribing; a slot keeps its
   * event, read or not, until a newer one takes its place.
   */
  public int capacity() {
    return capacity;
  }

  /**
   * The name used in {@link BusEvent.Overflow} events and log messages, or null if none was set,
   * in which case the bus names the subscription {@code subscriber-<n>}, n counting the bus's
   * subscriptions from 1 (see {@link Subscription#name()}).
   */
  public String name() {
    return name;
  }

  /** The event types delivered (an event is delivered if it is an instance of any); empty = all. */
  public List<Class<? extends Event>> types() {
    return types;
  }

  /** The only {@link EventMeta#source()} delivered (exact match, redacted), or null for all. */
  public String source() {
    return source;
  }

  /** True if the source filter, if set, admits events from {@code source} (already redacted). */
  boolean admitsSource(String source) {
    return this.source == null || this.source.equals(source);
  }

  /** True if the type filter, if set, admits {@code event}. */
  boolean admitsType(Event event) {
    if (types.isEmpty()) return true;
    for (Class<? extends Event> type : types) {
      if (type.isInstance(event)) return true;
    }
    return false;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SubscribeOptions that
        && capacity == that.capacity
        && Objects.equals(name, that.name)
        && types.equals(that.types)
        && Objects.equals(source, that.source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(capacity, name, types, source);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("SubscribeOptions{capacity=").append(capacity);
    if (name != null) out.append(", name=").append(name);
    if (!types.isEmpty()) {
      out.append(", types=[");
      for (int i = 0; i < types.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(types.get(i).getSimpleName());
      }
      out.append(']');
    }
    if (source != null) out.append(", source=").append(source);
    return out.append('}').toString();
  }

  /** Builds {@link SubscribeOptions}. Not thread-safe; each setter replaces earlier values. */
  public static final class Builder {
    private int capacity = DEFAULT_CAPACITY;
    private String name;
    private List<Class<? extends Event>> types = List.of();
    private String source;

    private Builder() {}

    private Builder(SubscribeOptions options) {
      this.capacity = options.capacity;
      this.name = options.name;
      this.types = options.types;
      this.source = options.source;
    }

    /**
     * Sets how many events the subscription's queue holds.
     *
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public Builder capacity(int capacity) {
      if (capacity < 1) throw new IllegalArgumentException("capacity < 1: " + capacity);
      this.capacity = capacity;
      return this;
    }

    /**
     * Sets the name used in overflow events and logs.
     *
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Builder name(String name) {
      if (Objects.requireNonNull(name, "name").trim().isEmpty()) {
        throw new IllegalArgumentException("name is blank: \"" + name + "\"");
      }
      this.name = name;
      return this;
    }

    /**
     * Delivers only events that are instances of at least one of {@code types} (for example
     * {@code DownloadEvent.class} or {@code AssetEvent.Committed.class}).
     *
     * @throws IllegalArgumentException if {@code types} is empty
     * @throws NullPointerException if {@code types} or one of its elements is null
     */
    @SafeVarargs
    public final Builder types(Class<? extends Event>... types) {
      if (Objects.requireNonNull(types, "types").length == 0) {
        throw new IllegalArgumentException("types is empty");
      }
      List<Class<? extends Event>> copy = new ArrayList<>(types.length);
      for (Class<? extends Event> type : types) copy.add(Objects.requireNonNull(type, "type"));
      this.types = List.copyOf(copy);
      return this;
    }

    /**
     * Delivers only events whose {@link EventMeta#source()} equals {@code source}. The source is
     * redacted like event sources are, so a URL source matches events published with that URL.
     */
    public Builder source(String source) {
      this.source = Redaction.text(Objects.requireNonNull(source, "source"));
      return this;
    }

    public SubscribeOptions build() {
      return new SubscribeOptions(this);
    }
  }
}
