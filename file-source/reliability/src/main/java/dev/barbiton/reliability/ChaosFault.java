package dev.barbiton.reliability;

import dev.barbiton.testing.Fault;
import dev.barbiton.testing.MediaResource;
import dev.barbiton.testing.MediaServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The kinds of server misbehaviour a chaos scenario draws from, and how each is scripted onto a
 * {@link MediaResource}. A fault applies to a random number of requests in a row, from 1 to the
 * retry policy's attempts, so that some scenarios outlast the policy and end failed.
 */
public enum ChaosFault {
  /** The connection closes after a random number of body bytes (0: before any). */
  DISCONNECT,
  /** The body stops after a random number of bytes and the connection stays open. */
  STALL,
  /** 500 Internal Server Error. */
  STATUS_500,
  /** 503 Service Unavailable, without Retry-After. */
  STATUS_503,
  /** 429 Too Many Requests with {@code Retry-After: 1}. */
  RATE_LIMITED_429,
  /** 200 with the whole body to every range request, cut short on the first requests. */
  IGNORES_RANGE,
  /** The file changes (new ETag) in the middle of a response, which is then cut. */
  ETAG_CHANGES,
  /** A body shorter than its Content-Length. */
  SHORT_BODY,
  /** A Content-Range for other bytes than the ones asked, or a total that contradicts the body. */
  LYING_CONTENT_RANGE,
  /** Headers, then a pause before the body, sometimes longer than the stall timeout. */
  SLOW_HEADERS,
  /** A chain of same-server redirects to the file, sometimes a loop; the file then disconnects. */
  REDIRECT_CHAIN,
  /** Chunked, length unknown, cut short. */
  CHUNKED_CUT;

  /** What one scenario's server does: the resource to open and the versions it may serve. */
  record Script(String entryPath, MediaResource media, byte[] replacement, String description, List<MediaResource> hops) {
    Script(String entryPath, MediaResource media, byte[] replacement, String description) {
      this(entryPath, media, replacement, description, List.of());
    }

    /** Requests to the file and its redirect hops so far. */
    int requests() {
      return media.requestCount() + hops.stream().mapToInt(MediaResource::requestCount).sum();
    }
  }

  /**
   * Serves {@code content} at {@code path} (and redirect hops beside it) with this fault scripted.
   *
   * @param attempts the retry policy's attempts: the most failures in a row a scenario gets
   */
  Script script(MediaServer server, String path, byte[] content, SplittableRandom r, int attempts, Duration stallTimeout) {
    MediaResource media = server.serve(path, content).contentType("video/mp4");
    int count = 1 + r.nextInt(attempts);
    int size = content.length;
    long stall = stallTimeout.toMillis();
    switch (this) {
      case DISCONNECT -> {
        long at = r.nextInt(4) == 0 ? 0 : r.nextInt(size);
        media.nextRequests(count, Fault.disconnectAfter(at));
        return new Script(path, media, null, count + "x disconnectAfter(" + at + ")");
      }
      case STALL -> {
        long at = r.nextInt(3) == 0 ? 0 : r.nextInt(size);
        media.nextRequests(count, Fault.stallAfter(at));
        return new Script(path, media, null, count + "x stallAfter(" + at + ")");
      }
      case STATUS_500, STATUS_503 -> {
        int code = this == STATUS_500 ? 500 : 503;
        media.nextRequests(count, Fault.status(code));
        return new Script(path, media, null, count + "x status(" + code + ")");
      }
      case RATE_LIMITED_429 -> {
        media.nextRequests(count, Fault.status(429, "Retry-After", "1"));
        return new Script(path, media, null, count + "x status(429, Retry-After: 1)");
      }
      case IGNORES_RANGE -> {
        media.ignoreRange(true);
        long at = r.nextInt(size);
        media.nextRequests(count, Fault.disconnectAfter(at));
        return new Script(path, media, null, "ignoreRange, " + count + "x disconnectAfter(" + at + ")");
      }
      case ETAG_CHANGES -> {
        byte[] next = MediaServer.testContent(Math.max(1, size / 2 + r.nextInt(size)), r.nextLong());
        long replaceAt = r.nextInt(size);
        long cutAt = replaceAt + r.nextInt(Math.max(1, size - (int) replaceAt));
        boolean cut = r.nextInt(4) != 0;
        if (cut) {
          media.next(Fault.replaceAfter(replaceAt, next), Fault.disconnectAfter(cutAt));
        } else {
          media.next(Fault.replaceAfter(replaceAt, next));
        }
        if (count > 1) media.nextRequests(count - 1, Fault.disconnectAfter(r.nextInt(size)));
        return new Script(path, media, next, "replaceAfter(" + replaceAt + ", " + next.length + " bytes)"
            + (cut ? " + disconnectAfter(" + cutAt + ")" : "") + (count > 1 ? ", then " + (count - 1) + "x disconnect" : ""));
      }
      case SHORT_BODY -> {
        long missing = 1 + r.nextInt(size);
        media.nextRequests(count, Fault.truncate(missing));
        return new Script(path, media, null, count + "x truncate(" + missing + ")");
      }
      case LYING_CONTENT_RANGE -> {
        Fault lie;
        switch (r.nextInt(4)) {
          case 0 -> lie = Fault.shiftRange(1 + r.nextInt(1000));
          case 1 -> lie = Fault.shiftRange(-1 - r.nextInt(1000));
          case 2 -> lie = Fault.contentRangeHeader("bytes 0-" + (size / 2) + "/" + size); // other bytes than sent
          default -> lie = Fault.contentRangeHeader("bytes 0-" + (size - 1) + "/" + (size + 1 + r.nextInt(1000))); // a total that lies
        }
        media.nextRequests(count, lie);
        return new Script(path, media, null, count + "x " + lie);
      }
      case SLOW_HEADERS -> {
        Duration pause = Duration.ofMillis(stall / 4 + r.nextInt((int) (stall * 3 / 2)));
        media.nextRequests(count, Fault.pauseAfter(0, pause));
        return new Script(path, media, null, count + "x pauseAfter(0, " + pause.toMillis() + " ms)");
      }
      case REDIRECT_CHAIN -> {
        int hops = 1 + r.nextInt(4);
        boolean loop = r.nextInt(5) == 0;
        String target = loop ? path + "-hop0" : path;
        List<MediaResource> served = new ArrayList<>();
        for (int hop = hops - 1; hop >= 0; hop--) {
          served.add(server.serve(path + "-hop" + hop, new byte[0]).always(Fault.redirect(300 + pick(r, 1, 2, 3, 7, 8), target)));
          target = path + "-hop" + hop;
        }
        long at = r.nextInt(size);
        media.nextRequests(count, Fault.disconnectAfter(at));
        return new Script(path + "-hop0", media, null, hops + " redirects" + (loop ? " in a loop" : "")
            + ", " + count + "x disconnectAfter(" + at + ")", served);
      }
      case CHUNKED_CUT -> {
        media.chunked(true);
        long at = r.nextInt(size);
        media.nextRequests(count, Fault.disconnectAfter(at));
        return new Script(path, media, null, "chunked, " + count + "x disconnectAfter(" + at + ")");
      }
      default -> throw new AssertionError(this);
    }
  }

  private static int pick(SplittableRandom r, int... choices) {
    return choices[r.nextInt(choices.length)];
  }
}
