package dev.barbiton.server;

import dev.barbiton.events.Redaction;
import dev.barbiton.file.DownloadOutcome;
import dev.barbiton.file.FileSource;
import dev.barbiton.file.media.MediaInfo;
import dev.barbiton.file.media.TrackDetails;
import dev.barbiton.file.media.VideoFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the status API tells of one registration: a JSON-ready map (see the README's status API
 * section for the fields). Reads only what the source has at hand: never waits, never opens one.
 */
final class SourceStatus {
  private SourceStatus() {}

  /** The statuses, in lower case in the JSON. */
  enum State { IDLE, DOWNLOADING, PAUSED, COMPLETE, FAILED, CANCELLED }

  static Map<String, Object> of(Registration registration) {
    FileSource source = registration.currentSource();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", registration.id());
    m.put("url", Redaction.url(registration.uri().toString()));
    m.put("name", registration.fileName());
    m.put("status", state(registration, source).name().toLowerCase(Locale.ROOT));
    DownloadOutcome outcome = source == null ? null : source.completion().getNow(null);
    m.put("error", outcome instanceof DownloadOutcome.Failed failed
        ? Redaction.text(failed.cause().getClass().getSimpleName() + ": " + failed.cause().getMessage()) : null);
    if (source == null) {
      m.put("bytesCached", null);
      m.put("length", null);
      m.put("fractionCached", null);
      m.put("media", null);
      m.put("metrics", null);
      return m;
    }
    long cached = source.available().totalBytes();
    OptionalLong length = source.length();
    m.put("bytesCached", cached);
    m.put("length", length.isPresent() ? (Object) length.getAsLong() : null);
    m.put("fractionCached", length.isPresent() && length.getAsLong() > 0 ? (Object) ((double) cached / length.getAsLong()) : null);
    Optional<MediaInfo> info = source.mediaInfo();
    Optional<TrackDetails> video = info.flatMap(i -> i.tracks().stream().filter(t -> t.video().isPresent()).findFirst());
    Optional<VideoFormat> format = video.flatMap(TrackDetails::video);
    m.put("resolution", format.map(f -> f.width() + "x" + f.height()).orElse(null));
    m.put("width", format.map(f -> (Object) f.width()).orElse(null));
    m.put("height", format.map(f -> (Object) f.height()).orElse(null));
    m.put("frameRate", video.filter(t -> t.frameRate().isPresent()).map(t -> (Object) t.frameRate().getAsDouble()).orElse(null));
    m.put("bitrate", info.map(SourceStatus::bitrate).orElse(null));
    m.put("media", info.map(SourceStatus::media).orElse(null));
    m.put("metrics", source.metrics().asMap());
    return m;
  }

  private static State state(Registration registration, FileSource source) {
    if (source == null) return registration.isPaused() ? State.PAUSED : State.IDLE;
    DownloadOutcome outcome = source.completion().getNow(null);
    if (outcome instanceof DownloadOutcome.Finished) return State.COMPLETE;
    if (outcome instanceof DownloadOutcome.Failed) return State.FAILED;
    if (outcome instanceof DownloadOutcome.Cancelled) return State.CANCELLED;
    return source.isPaused() ? State.PAUSED : State.DOWNLOADING;
  }

  /** The tracks' bitrates added up, when every video and audio track states one. */
  private static Object bitrate(MediaInfo info) {
    long sum = 0;
    boolean any = false;
    for (TrackDetails track : info.tracks()) {
      if (track.kind() == TrackDetails.Kind.OTHER) continue;
      if (!track.bitrate().isPresent()) return null;
      sum += track.bitrate().getAsLong();
      any = true;
    }
    return any ? sum : null;
  }

  private static Map<String, Object> media(MediaInfo info) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("container", info.container().name().toLowerCase(Locale.ROOT));
    m.put("mimeType", info.mimeType().orElse(null));
    m.put("codecs", info.codecs());
    List<Object> tracks = new ArrayList<>();
    for (TrackDetails track : info.tracks()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("kind", track.kind().name().toLowerCase(Locale.ROOT));
      t.put("codec", track.codec());
      track.video().ifPresent(v -> {
        t.put("width", v.width());
        t.put("height", v.height());
        t.put("bitDepth", v.bitDepth().isPresent() ? (Object) v.bitDepth().getAsInt() : null);
        t.put("dynamicRange", v.dynamicRange().name());
      });
      track.audio().ifPresent(a -> {
        t.put("sampleRate", a.sampleRate());
        t.put("channels", a.channels());
      });
      t.put("durationMs", track.duration().map(d -> (Object) d.toMillis()).orElse(null));
      t.put("bitrate", track.bitrate().isPresent() ? (Object) track.bitrate().getAsLong() : null);
      t.put("frameRate", track.frameRate().isPresent() ? (Object) track.frameRate().getAsDouble() : null);
      tracks.add(t);
    }
    m.put("tracks", tracks);
    return m;
  }
}
