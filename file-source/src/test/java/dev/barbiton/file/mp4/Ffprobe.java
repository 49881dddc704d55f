package dev.barbiton.file.mp4;

import dev.barbiton.testing.TestMedia;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What FFmpeg's own {@code ffprobe} reports about a file: the oracle the index is checked against. */
final class Ffprobe {
  private Ffprobe() {}

  /**
   * One packet (sample).
   *
   * @param trackId the MP4 track ID of its stream
   * @param dts in the stream's time base
   * @param pos the absolute offset of its bytes
   */
  record Packet(int trackId, long dts, long duration, long pos, boolean keyframe) {}

  /** One stream: its MP4 track ID, whether video, and its time base denominator. */
  record Stream(int index, int trackId, boolean video, long timescale) {}

  static List<Stream> streams(Path file) {
    List<Stream> streams = new ArrayList<>();
    for (Map<String, String> s : compact(file, "stream=index,id,codec_type,time_base")) {
      String[] timeBase = s.get("time_base").split("/");
      if (!timeBase[0].equals("1")) throw new AssertionError("time base " + s.get("time_base"));
      streams.add(new Stream(Integer.parseInt(s.get("index")), Integer.decode(s.get("id")),
          s.get("codec_type").equals("video"), Long.parseLong(timeBase[1])));
    }
    return streams;
  }

  static List<Packet> packets(Path file) {
    Map<Integer, Integer> trackIds = new HashMap<>();
    for (Stream s : streams(file)) trackIds.put(s.index(), s.trackId());
    List<Packet> packets = new ArrayList<>();
    for (Map<String, String> p : compact(file, "packet=stream_index,dts,duration,pos,flags")) {
      packets.add(new Packet(trackIds.get(Integer.parseInt(p.get("stream_index"))),
          Long.parseLong(p.get("dts")), Long.parseLong(p.get("duration")),
          Long.parseLong(p.get("pos")), p.get("flags").startsWith("K")));
    }
    return packets;
  }

  /** {@code format=duration} in milliseconds. */
  static double durationMillis(Path file) {
    return Double.parseDouble(compact(file, "format=duration").get(0).get("duration")) * 1000;
  }

  private static List<Map<String, String>> compact(Path file, String entries) {
    String out = TestMedia.run(TestMedia.ffprobe(), "-v", "error", "-show_entries", entries,
        "-of", "compact=p=0:nk=0", file.toString());
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.isBlank()) continue;
      Map<String, String> row = new HashMap<>();
      for (String field : line.strip().split("\\|")) {
        int eq = field.indexOf('=');
        row.put(field.substring(0, eq), field.substring(eq + 1));
      }
      rows.add(row);
    }
    return rows;
  }
}
