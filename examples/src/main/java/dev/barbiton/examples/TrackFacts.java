package dev.barbiton.examples;

import dev.barbiton.file.media.AudioFormat;
import dev.barbiton.file.media.TrackDetails;
import dev.barbiton.file.media.VideoFormat;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A track's details as {@code probe} prints them: a JSON object whose numbers are JSON numbers
 * (absent values left out), or one line of text.
 */
final class TrackFacts {
  private TrackFacts() {}

  /** The JSON object of one track. */
  static Map<String, Object> json(TrackDetails t) {
    Map<String, Object> m = new LinkedHashMap<>();
    t.id().ifPresent(id -> m.put("id", id));
    m.put("kind", lower(t.kind()));
    m.put("codec", t.codec());
    t.config().ifPresent(c -> {
      Map<String, Object> config = record((Record) c); // every CodecConfig is a record
      Map<String, Object> typed = new LinkedHashMap<>();
      typed.put("type", c.getClass().getSimpleName().toLowerCase(Locale.ROOT));
      typed.putAll(config);
      m.put("config", typed);
    });
    t.video().ifPresent(v -> video(v, m));
    t.audio().ifPresent(a -> audio(a, m));
    t.duration().ifPresent(d -> m.put("durationMs", d.toMillis()));
    t.bitrate().ifPresent(b -> m.put("bitrate", b));
    t.frameRate().ifPresent(f -> m.put("frameRate", Math.round(f * 1000) / 1000.0));
    t.keyframeInterval().ifPresent(k -> m.put("keyframeIntervalMs", k.toMillis()));
    return m;
  }

  private static void video(VideoFormat v, Map<String, Object> m) {
    m.put("width", v.width());
    m.put("height", v.height());
    v.codedWidth().ifPresent(w -> m.put("codedWidth", w));
    v.codedHeight().ifPresent(h -> m.put("codedHeight", h));
    v.bitDepth().ifPresent(b -> m.put("bitDepth", b));
    v.chromaBitDepth().ifPresent(b -> m.put("chromaBitDepth", b));
    v.chroma().ifPresent(c -> m.put("chroma", lower(c)));
    v.colour().ifPresent(c -> m.put("colour", record(c)));
    m.put("dynamicRange", lower(v.dynamicRange()));
    v.masteringDisplay().ifPresent(d -> m.put("masteringDisplay", record(d)));
    v.contentLightLevel().ifPresent(c -> m.put("contentLightLevel", record(c)));
    v.dolbyVision().ifPresent(d -> m.put("dolbyVision", record(d)));
  }

  private static void audio(AudioFormat a, Map<String, Object> m) {
    m.put("sampleRate", a.sampleRate());
    m.put("channels", a.channels());
    a.bitsPerSample().ifPresent(b -> m.put("bitsPerSample", b));
  }

  /** One line: {@code 1 video avc1.64001F 1280x720 8-bit yuv420 sdr 30 fps 2.000 s 1960 kbit/s keyframes 1.000 s}. */
  static String line(TrackDetails t) {
    StringBuilder s = new StringBuilder();
    t.id().ifPresent(id -> s.append('#').append(id).append(' '));
    s.append(lower(t.kind())).append(' ').append(t.codec());
    t.video().ifPresent(v -> {
      s.append(' ').append(v.width()).append('x').append(v.height());
      v.bitDepth().ifPresent(b -> s.append(' ').append(b).append("-bit"));
      v.chroma().ifPresent(c -> s.append(' ').append(lower(c)));
      v.colour().ifPresent(c -> s.append(String.format(Locale.ROOT, " colour %d/%d/%d%s", c.primaries(), c.transfer(),
          c.matrix(), c.fullRange() ? " full" : "")));
      s.append(' ').append(lower(v.dynamicRange()));
      v.dolbyVision().ifPresent(d -> s.append(' ').append(d.codec()));
    });
    t.audio().ifPresent(a -> {
      s.append(' ').append(a.sampleRate()).append(" Hz ").append(a.channels()).append(" ch");
      a.bitsPerSample().ifPresent(b -> s.append(' ').append(b).append("-bit"));
    });
    t.frameRate().ifPresent(f -> s.append(String.format(Locale.ROOT, " %.3f fps", f)));
    t.duration().ifPresent(d -> s.append(String.format(Locale.ROOT, " %.3f s", d.toMillis() / 1000.0)));
    t.bitrate().ifPresent(b -> s.append(' ').append(Math.round(b / 1000.0)).append(" kbit/s"));
    t.keyframeInterval().ifPresent(k -> s.append(String.format(Locale.ROOT, " keyframes %.3f s", k.toMillis() / 1000.0)));
    return s.toString();
  }

  /** A record's components by name, optionals unwrapped (absent ones left out). */
  private static Map<String, Object> record(Record r) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      Object value;
      try {
        value = c.getAccessor().invoke(r);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + c, e);
      }
      value = unwrap(value);
      if (value != null) m.put(c.getName(), value);
    }
    return m;
  }

  private static Object unwrap(Object value) {
    if (value instanceof Optional<?> o) return o.orElse(null);
    if (value instanceof OptionalInt o) return o.isPresent() ? o.getAsInt() : null;
    if (value instanceof OptionalLong o) return o.isPresent() ? o.getAsLong() : null;
    if (value instanceof OptionalDouble o) return o.isPresent() ? o.getAsDouble() : null;
    return value;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /** Every track's line, indented, for the text output. */
  static String lines(List<TrackDetails> tracks) {
    StringBuilder s = new StringBuilder();
    for (TrackDetails t : tracks) s.append(System.lineSeparator()).append("  ").append(line(t));
    return s.toString();
  }
}
