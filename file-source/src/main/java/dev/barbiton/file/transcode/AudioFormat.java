package dev.barbiton.file.transcode;

/** The {@code aformat} filter that gives an audio encoder the samples it takes. */
final class AudioFormat {
  private AudioFormat() {}

  static String filter(EncoderSupport support, AudioSettings audio, int sourceFormat, int sourceRate, int sourceChannels)
      throws TranscodeException {
    int channels = audio.channelsValue() > 0 ? audio.channelsValue() : sourceChannels;
    return "aformat=sample_fmts=" + support.sampleFormat(sourceFormat)
        + ":sample_rates=" + support.sampleRate(audio.sampleRateValue(), sourceRate)
        + ":channel_layouts=" + GraphText.defaultLayout(channels);
  }
}
