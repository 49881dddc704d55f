package dev.barbiton.examples;

import dev.barbiton.file.process.ToolCommand;
import dev.barbiton.file.process.ToolFailedException;
import dev.barbiton.file.process.ToolRunner;
import dev.barbiton.server.LoopbackServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code barbiton play URL --exec "ffplay {}"}: serves URL on a loopback URL, runs the command with
 * {@code {}} replaced by it, and stops the server when the command exits (its exit status is the
 * command's). The command is split on spaces, single or double quotes keeping a part whole; it runs
 * with standard input closed, its standard output passed on, and its last lines of standard error
 * in the error if it fails.
 */
@Command(name = "play", mixinStandardHelpOptions = true,
    description = "Run a player or any command against a local URL of URL ({} in the command), served from the cache"
        + " while it downloads; stop when the command exits.")
final class PlayCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "URL", description = "http(s) URL of the media")
  URI url;

  @Option(names = "--exec", paramLabel = "COMMAND", required = true,
      description = "the command to run; {} is the local URL (e.g. \"ffplay {}\", \"mpv {}\", \"ffprobe -v error -show_format {}\")")
  String exec;

  @Mixin CommonOptions common = new CommonOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<String> words = split(exec);
    if (words.isEmpty()) throw new ParameterException(spec.commandLine(), "--exec is empty");
    if (words.stream().noneMatch(w -> w.contains("{}"))) {
      throw new ParameterException(spec.commandLine(), "--exec has no {} to put the local URL in");
    }
    try (Session session = common.session(url);
        LoopbackServer server = LoopbackServer.builder(session.store).defaultOptions(session.options().build()).start();
        ToolRunner runner = new ToolRunner()) {
      String local = server.urlFor(url).toString();
      List<String> args = new ArrayList<>();
      for (String word : words.subList(1, words.size())) args.add(word.replace("{}", local));
      ToolCommand command = ToolCommand.builder(Path.of(words.get(0).replace("{}", local))).args(args).build();
      try {
        String stdout = runner.start(command, null).await().stdout();
        spec.commandLine().getOut().print(stdout);
        spec.commandLine().getOut().flush();
        return 0;
      } catch (ToolFailedException e) {
        if (e.exitCode() < 0) throw e; // could not start: a failure of ours to report
        spec.commandLine().getErr().println("barbiton: " + e.getMessage());
        return e.exitCode();
      }
    }
  }

  /** Words split on whitespace; quotes (single or double) keep what they enclose together. */
  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) quote = 0;
        else word.append(c);
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) words.add(word.toString());
        word.setLength(0);
        inWord = false;
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) words.add(word.toString());
    return words;
  }
}
