package dev.barbiton.assets;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a resource needs besides its bytes to be resumed safely: the HTTP validators that tell one
 * version of a file from another, its content type, and any string metadata of the caller's.
 *
 * <p>Immutable; change with {@link #newBuilder()}. Stored with the resource and restored on
 * restart together with its bytes.
 */
public final class ResourceMetadata {
  private static final ResourceMetadata EMPTY = new Builder().build();

  private final String etag;
  private final String lastModified;
  private final String contentType;
  private final Map<String, String> custom;

  private ResourceMetadata(Builder b) {
    this.etag = b.etag;
    this.lastModified = b.lastModified;
    this.contentType = b.contentType;
    this.custom = Collections.unmodifiableMap(new LinkedHashMap<>(b.custom));
  }

  /** No validators, no content type, no custom entries. */
  public static ResourceMetadata empty() {
    return EMPTY;
  }

  /** A builder starting empty. */
  public static Builder builder() {
    return new Builder();
  }

  /** The {@code ETag} the server sent with these bytes, as sent (quotes and weak prefix kept). */
  public Optional<String> etag() {
    return Optional.ofNullable(etag);
  }

  /** The {@code Last-Modified} the server sent with these bytes, as sent. */
  public Optional<String> lastModified() {
    return Optional.ofNullable(lastModified);
  }

  /** The {@code Content-Type} the server sent, as sent. */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /** The caller's own entries, in insertion order; unmodifiable. */
  public Map<String, String> custom() {
    return custom;
  }

  /** A builder holding this metadata. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.etag = etag;
    b.lastModified = lastModified;
    b.contentType = contentType;
    b.custom.putAll(custom);
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceMetadata m
        && Objects.equals(etag, m.etag)
        && Objects.equals(lastModified, m.lastModified)
        && Objects.equals(contentType, m.contentType)
        && custom.equals(m.custom);
  }

  @Override
  public int hashCode() {
    return Objects.hash(etag, lastModified, contentType, custom);
  }

  @Override
  public String toString() {
    return "ResourceMetadata{etag=" + etag + ", lastModified=" + lastModified
        + ", contentType=" + contentType + ", custom=" + custom.keySet() + "}";
  }

  /** Builds {@link ResourceMetadata}. A null value clears the field. */
  public static final class Builder {
    private String etag;
    private String lastModified;
    private String contentType;
    private final Map<String, String> custom = new LinkedHashMap<>();

    private Builder() {}

    public Builder etag(String etag) {
      this.etag = etag;
      return this;
    }

    public Builder lastModified(String lastModified) {
      this.lastModified = lastModified;
      return this;
    }

    public Builder contentType(String contentType) {
      this.contentType = contentType;
      return this;
    }

    /** Sets a custom entry; a null value removes it. */
    public Builder custom(String name, String value) {
      Objects.requireNonNull(name, "name");
      if (value == null) {
        custom.remove(name);
      } else {
        custom.put(name, value);
      }
      return this;
    }

    public ResourceMetadata build() {
      return new ResourceMetadata(this);
    }
  }
}
