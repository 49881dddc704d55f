package dev.barbiton.file.avio;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXTERNAL;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.ffmpeg.avformat.Write_packet_Pointer_BytePointer_int;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The one read, one write and one seek callback that every AVIOContext of this package uses, and
 * the registry that takes a context's {@code opaque} back to its {@link InputBridge} (reading) or
 * {@link OutputBridge} (writing).
 *
 * <p>Why one of each: JavaCPP keeps at most 10 live instances per callback class, through weak
 * references, and the 11th silently gets a NULL function pointer. So each callback is made once,
 * retained for the life of the class loader, and the context's {@code opaque} is not a pointer at
 * all but the bridge's id in {@link #BRIDGES}.
 *
 * <p>A bridge is registered before its context is allocated and unregistered after the context is
 * freed, so a callback always finds it; if it does not (a bug), read and seek answer {@code
 * AVERROR_EXIT}. Nothing escapes a callback: a Java exception crossing into C aborts the JVM.
 */
final class AvioCallbacks {
  static {
    FfmpegLog.install(); // before any other FFmpeg call: FFmpeg never prints to stderr
  }

  /** What the seek callback and the failure path need of either bridge. */
  sealed interface Bridge permits InputBridge, OutputBridge {
    long id();

    long seek(long offset, int whence);

    void failed(Throwable t);
  }

  private static final ConcurrentHashMap<Long, Bridge> BRIDGES = new ConcurrentHashMap<>();
  private static final AtomicLong NEXT_ID = new AtomicLong(1); // 0 would be a NULL opaque

  static final Read READ = new Read().retainReference();
  static final Write WRITE = new Write().retainReference();
  static final Seek SEEK = new Seek().retainReference();

  private AvioCallbacks() {}

  /** A new bridge over {@code input}, registered. */
  static InputBridge register(RandomAccessInput input) {
    InputBridge bridge = new InputBridge(NEXT_ID.getAndIncrement(), input);
    BRIDGES.put(bridge.id(), bridge);
    return bridge;
  }

  /** A new bridge over {@code sink}, registered. */
  static OutputBridge register(OutputSink sink) {
    OutputBridge bridge = new OutputBridge(NEXT_ID.getAndIncrement(), sink);
    BRIDGES.put(bridge.id(), bridge);
    return bridge;
  }

  static void unregister(Bridge bridge) {
    BRIDGES.remove(bridge.id(), bridge);
  }

  /** How many bridges are registered: contexts not yet freed. */
  static int live() {
    return BRIDGES.size();
  }

  /** The {@code opaque} value of {@code bridge}'s context: its id, dressed as a pointer. */
  static Pointer opaque(Bridge bridge) {
    return new OpaqueId(bridge.id());
  }

  static final class Read extends Read_packet_Pointer_BytePointer_int {
    @Override
    public int call(Pointer opaque, BytePointer buf, int size) {
      Bridge bridge = null;
      try {
        bridge = BRIDGES.get(opaque.address());
        return bridge instanceof InputBridge input ? input.read(buf, size) : AVERROR_EXIT;
      } catch (Throwable t) {
        return escaped(bridge, t);
      }
    }
  }

  static final class Write extends Write_packet_Pointer_BytePointer_int {
    @Override
    public int call(Pointer opaque, BytePointer buf, int size) {
      Bridge bridge = null;
      try {
        bridge = BRIDGES.get(opaque.address());
        return bridge instanceof OutputBridge output ? output.write(buf, size) : AVERROR_EXIT;
      } catch (Throwable t) {
        return escaped(bridge, t);
      }
    }
  }

  static final class Seek extends Seek_Pointer_long_int {
    @Override
    public long call(Pointer opaque, long offset, int whence) {
      Bridge bridge = null;
      try {
        bridge = BRIDGES.get(opaque.address());
        return bridge == null ? AVERROR_EXIT : bridge.seek(offset, whence);
      } catch (Throwable t) {
        return escaped(bridge, t);
      }
    }
  }

  private static int escaped(Bridge bridge, Throwable t) {
    try {
      if (bridge != null) bridge.failed(t);
      return AVERROR_EXTERNAL;
    } catch (Throwable again) {
      return -1; // AVERROR(EPERM): nothing else is safe to compute here
    }
  }

  /** A pointer whose address is a registry id; never dereferenced. */
  private static final class OpaqueId extends Pointer {
    OpaqueId(long id) {
      address = id;
    }
  }
}
