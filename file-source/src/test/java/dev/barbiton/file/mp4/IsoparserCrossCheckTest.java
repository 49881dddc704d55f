package dev.barbiton.file.mp4;

import dev.barbiton.file.isobmff.BoxHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.barbiton.file.mp4.Fragment.Run;
import dev.barbiton.file.mp4.Movie.Track;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.function.Supplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mp4parser.BoxParser;
import org.mp4parser.PropertyBoxParserImpl;
import org.mp4parser.boxes.iso14496.part12.MovieBox;
import org.mp4parser.boxes.iso14496.part12.MovieExtendsBox;
import org.mp4parser.boxes.iso14496.part12.MovieFragmentBox;
import org.mp4parser.boxes.iso14496.part12.SampleFlags;
import org.mp4parser.boxes.iso14496.part12.SegmentIndexBox;
import org.mp4parser.boxes.iso14496.part12.TrackBox;
import org.mp4parser.boxes.iso14496.part12.TrackExtendsBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentBaseMediaDecodeTimeBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentHeaderBox;
import org.mp4parser.boxes.iso14496.part12.TrackRunBox;

/**
 * The box decoding checked against isoparser's, box by box, on files made by FFmpeg. isoparser is
 * only a test oracle here: its parser is built from our own mapping (its default loader fails in
 * fat jars) and fed the bytes of one well-formed box at a time.
 */
@Timeout(120)
class IsoparserCrossCheckTest {
  private static final String PART12 = "org.mp4parser.boxes.iso14496.part12.";

  private static BoxParser parser() {
    Properties mapping = new Properties();
    Map<String, String> classes = Map.ofEntries(Map.entry("moov", "MovieBox"),
        Map.entry("mvhd", "MovieHeaderBox"), Map.entry("trak", "TrackBox"),
        Map.entry("tkhd", "TrackHeaderBox"), Map.entry("mdia", "MediaBox"),
        Map.entry("mdhd", "MediaHeaderBox"), Map.entry("hdlr", "HandlerBox"),
        Map.entry("mvex", "MovieExtendsBox"), Map.entry("trex", "TrackExtendsBox"),
        Map.entry("moof", "MovieFragmentBox"), Map.entry("mfhd", "MovieFragmentHeaderBox"),
        Map.entry("traf", "TrackFragmentBox"), Map.entry("tfhd", "TrackFragmentHeaderBox"),
        Map.entry("tfdt", "TrackFragmentBaseMediaDecodeTimeBox"), Map.entry("trun", "TrackRunBox"),
        Map.entry("sidx", "SegmentIndexBox"));
    classes.forEach((type, name) -> mapping.setProperty(type, PART12 + name));
    mapping.setProperty("default", "org.mp4parser.boxes.UnknownBox(type)");
    return new PropertyBoxParserImpl(mapping);
  }

  private static <T> T parse(byte[] file, NaiveBoxes.Box box, Class<T> type) throws IOException {
    byte[] bytes = Arrays.copyOfRange(file, (int) box.offset(), (int) box.end());
    return type.cast(parser().parseBox(Channels.newChannel(new ByteArrayInputStream(bytes)), null));
  }

  private static ByteBuffer bytesOf(byte[] file, BoxHeader box) {
    return ByteBuffer.wrap(Arrays.copyOfRange(file, (int) box.offset(), (int) box.end()));
  }

  private static BoxHeader header(NaiveBoxes.Box box) {
    return new BoxHeader(box.type(), box.offset(), 8, box.size());
  }

  static List<?> media() {
    return FfmpegFragmentsTest.media();
  }

  @ParameterizedTest
  @MethodSource("media")
  void movieAndFragments_decodeAsIsoparserDecodesThem(Supplier<Path> media) throws IOException {
    byte[] file = Files.readAllBytes(media.get());
    NaiveBoxes.Box moovBox = NaiveBoxes.ofType(file, "moov").get(0);
    Movie movie = Movie.decode(bytesOf(file, header(moovBox)), header(moovBox));

    MovieBox moov = parse(file, moovBox, MovieBox.class);
    List<Track> expectedTracks = new ArrayList<>();
    for (TrackBox trak : moov.getBoxes(TrackBox.class)) {
      expectedTracks.add(new Track((int) trak.getTrackHeaderBox().getTrackId(),
          trak.getMediaBox().getMediaHeaderBox().getTimescale(),
          trak.getMediaBox().getHandlerBox().getHandlerType().equals("vide")));
    }
    assertEquals(expectedTracks, movie.tracks());
    Map<Integer, TrackExtendsBox> trex = new HashMap<>();
    for (TrackExtendsBox t : moov.getBoxes(MovieExtendsBox.class).get(0).getBoxes(TrackExtendsBox.class)) {
      trex.put((int) t.getTrackId(), t);
      assertEquals(t.getDefaultSampleDuration(), movie.defaults().get((int) t.getTrackId()).sampleDuration());
    }

    for (NaiveBoxes.Box moofBox : NaiveBoxes.ofType(file, "moof")) {
      Fragment fragment = Fragment.decode(bytesOf(file, header(moofBox)), header(moofBox), moofBox.end(), movie);
      List<Run> expected = new ArrayList<>();
      for (TrackFragmentBox traf : parse(file, moofBox, MovieFragmentBox.class).getBoxes(TrackFragmentBox.class)) {
        expected.add(run(traf, trex));
      }
      assertEquals(expected, fragment.runs(), "moof at " + moofBox.offset());
    }
  }

  /** One traf's run as isoparser decodes it, with the defaults of ISO/IEC 14496-12 8.8.7. */
  private static Run run(TrackFragmentBox traf, Map<Integer, TrackExtendsBox> trex) {
    TrackFragmentHeaderBox tfhd = traf.getTrackFragmentHeaderBox();
    TrackExtendsBox defaults = trex.get((int) tfhd.getTrackId());
    long defaultDuration = tfhd.hasDefaultSampleDuration() ? tfhd.getDefaultSampleDuration() : defaults.getDefaultSampleDuration();
    SampleFlags defaultFlags = tfhd.hasDefaultSampleFlags() ? tfhd.getDefaultSampleFlags() : defaults.getDefaultSampleFlags();
    long count = 0;
    long duration = 0;
    SampleFlags first = null;
    for (TrackRunBox trun : traf.getBoxes(TrackRunBox.class)) {
      for (TrackRunBox.Entry e : trun.getEntries()) {
        duration += trun.isSampleDurationPresent() ? e.getSampleDuration() : defaultDuration;
      }
      if (first == null && trun.getSampleCount() > 0) {
        first = trun.isFirstSampleFlagsPresent() ? trun.getFirstSampleFlags()
            : trun.isSampleFlagsPresent() ? trun.getEntries().get(0).getSampleFlags() : defaultFlags;
      }
      count += trun.getSampleCount();
    }
    List<TrackFragmentBaseMediaDecodeTimeBox> tfdt = traf.getBoxes(TrackFragmentBaseMediaDecodeTimeBox.class);
    return new Run((int) tfhd.getTrackId(),
        tfdt.isEmpty() ? OptionalLong.empty() : OptionalLong.of(tfdt.get(0).getBaseMediaDecodeTime()),
        count, duration, first == null || !first.isSampleIsDifferenceSample());
  }

  @ParameterizedTest
  @MethodSource("media")
  void sidx_decodesAsIsoparserDecodesIt(Supplier<Path> media) throws IOException {
    byte[] file = Files.readAllBytes(media.get());
    for (NaiveBoxes.Box sidxBox : NaiveBoxes.ofType(file, "sidx")) {
      Sidx sidx = Sidx.decode(bytesOf(file, header(sidxBox)), header(sidxBox));
      SegmentIndexBox expected = parse(file, sidxBox, SegmentIndexBox.class);
      assertEquals(expected.getReferenceId(), sidx.referenceId());
      assertEquals(expected.getTimeScale(), sidx.timescale());
      assertEquals(expected.getEarliestPresentationTime(), sidx.earliestPresentationTime());
      assertEquals(expected.getEntries().size(), sidx.references().size());
      for (int i = 0; i < sidx.references().size(); i++) {
        SegmentIndexBox.Entry e = expected.getEntries().get(i);
        assertEquals(new Sidx.Reference(e.getReferenceType() == 1, e.getReferencedSize(),
            e.getSubsegmentDuration(), e.getStartsWithSap() == 1), sidx.references().get(i));
      }
    }
  }
}
