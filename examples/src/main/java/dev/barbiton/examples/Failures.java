package dev.barbiton.examples;

import dev.barbiton.assets.AssetException;
import dev.barbiton.assets.CacheLockedException;
import dev.barbiton.assets.ResourceFailedException;
import dev.barbiton.assets.ResourceTimeoutException;
import dev.barbiton.assets.StorageException;
import dev.barbiton.assets.WriterClaimedException;
import dev.barbiton.events.Redaction;
import dev.barbiton.file.NotMediaException;
import dev.barbiton.file.SourceException;
import dev.barbiton.file.avio.AvioException;
import dev.barbiton.file.mp4.Mp4ParseException;
import dev.barbiton.file.transcode.TranscodeException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Turns a failed command into one line on stderr and an exit code; with {@code --json}, also one
 * JSON object on stdout, {@code {"error": {"type": ..., "message": ..., "exitCode": ...}}}. The
 * stack trace only with {@code --verbose}.
 *
 * <p>Exit codes, by the failure named (the first typed one in the cause chain, see {@link #rootOf}):
 *
 * <ul>
 *   <li>2 usage: an unknown option, a value picocli cannot convert, a command's own check; one
 *       line that names the option but never echoes a value given ({@link #usage}), and {@code
 *       --json} adds the object for it too;
 *   <li>3 network or server: {@code HttpStatusException}, {@code RetriesExhaustedException}, {@code
 *       InvalidResponseException}, {@code LengthLimitException}, {@code ResourceTimeoutException},
 *       an unknown host, a refused connection, a socket or TLS failure (a certificate that does not
 *       verify among them);
 *   <li>4 cache: {@code CacheLockedException}, {@code StorageException} (disk full),
 *       {@code WriterClaimedException}, a cache directory that cannot be used (a file, read-only);
 *   <li>5 media: {@code NotMediaException} (the server answered, with something that is not
 *       media: asking again will not change it), {@code AvioException} (FFmpeg could not demux or
 *       decode the bytes), {@code Mp4ParseException}, a {@code TranscodeException} without a
 *       network or cache cause (a codec, filter or option FFmpeg refuses, a format that needs a
 *       seekable output on stdout);
 *   <li>1 anything else (a URL that is not http(s), FFmpeg's natives that will not load, an output
 *       file that cannot be written).
 * </ul>
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {
  static final int OTHER = 1;
  static final int USAGE = CommandLine.ExitCode.USAGE;
  static final int NETWORK = 3;
  static final int CACHE = 4;
  static final int MEDIA = 5;

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    Throwable root = rootOf(e);
    int exitCode = exitCode(root);
    PrintWriter err = cli.getErr();
    String message = describe(root);
    err.println("barbiton: " + message);
    if (Verbosity.isVerbose(cli.getCommandSpec())) e.printStackTrace(err);
    err.flush();
    if (json(cli)) Json.error(cli.getOut(), root.getClass().getSimpleName(), message, exitCode);
    return exitCode;
  }

  /**
   * A usage error as one line on stderr (and with {@code --json} the error object on stdout), exit
   * code {@link #USAGE}. What picocli reports names the options and never echoes a value the command
   * line gave, which may be a header, a token or a URL with credentials: see {@link #usageMessage}.
   */
  static CommandLine.IParameterExceptionHandler usage() {
    return (e, args) -> {
      CommandLine cli = e.getCommandLine();
      String message = usageMessage(e, args);
      cli.getErr().println("barbiton: " + message);
      cli.getErr().flush();
      if (json(cli)) Json.error(cli.getOut(), e.getClass().getSimpleName(), message, USAGE);
      return USAGE;
    };
  }

  /**
   * The line for a usage error. The commands' own checks ({@code --frames < 1: 0}) say what they
   * say; picocli's parse errors are rewritten without the values of the command line: an unknown
   * option by its name alone ({@code --name} of {@code --name=value}, {@code -x} of {@code
   * -xvalue}), a stray argument by its count, any quoted argument in other messages as "the value
   * given"; and they point at the command's {@code --help}.
   */
  static String usageMessage(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    if (ours(e)) return oneLine(e.getMessage());
    String help = "see " + cli.getCommandSpec().qualifiedName() + " --help";
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
      Set<String> options = new LinkedHashSet<>();
      int others = 0;
      for (String arg : unmatched.getUnmatched()) {
        if (arg.length() > 1 && arg.startsWith("-")) {
          options.add(optionName(arg));
        } else {
          others++;
        }
      }
      if (options.isEmpty()) {
        String what = !cli.getSubcommands().isEmpty() ? "Unknown command"
            : others == 1 ? "Unexpected argument" : others + " unexpected arguments";
        return what + " (" + help + ")";
      }
      List<String> suggestions = new ArrayList<>();
      for (String suggestion : unmatched.getSuggestions()) {
        if (known(cli, suggestion) && suggestions.size() < 3) suggestions.add(suggestion);
      }
      return (options.size() == 1 ? "Unknown option: " : "Unknown options: ") + quoted(options) + " ("
          + (suggestions.isEmpty() ? "" : "did you mean " + String.join(" or ", suggestions) + "? ") + help + ")";
    }
    String message = oneLine(e.getMessage());
    Set<String> values = new LinkedHashSet<>(Arrays.asList(args));
    if (e.getValue() != null) values.add(e.getValue());
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (arg.startsWith("-") && equals > 0) values.add(arg.substring(equals + 1)); // --name=value
      if (arg.startsWith("-") && !arg.startsWith("--") && arg.length() > 2) values.add(arg.substring(2)); // -xvalue
    }
    for (String value : values) {
      if (!value.isEmpty() && !known(cli, value)) message = message.replace("'" + value + "'", "the value given");
    }
    return message + " (" + help + ")";
  }

  /** A usage error of the commands' own, whose message names no secret: picocli's carry the argument or value. */
  private static boolean ours(CommandLine.ParameterException e) {
    return e.getClass() == CommandLine.ParameterException.class && e.getArgSpec() == null && e.getValue() == null;
  }

  /** The option an unknown argument names: {@code --name} of {@code --name=value}, {@code -x} of {@code -xvalue}. */
  private static String optionName(String arg) {
    if (arg.startsWith("--")) {
      int equals = arg.indexOf('=');
      return equals < 0 ? arg : arg.substring(0, equals);
    }
    return arg.substring(0, 2);
  }

  /** Whether {@code word} is an option or subcommand name of {@code cli}'s command. */
  private static boolean known(CommandLine cli, String word) {
    return cli.getCommandSpec().findOption(word) != null || cli.getSubcommands().containsKey(word);
  }

  private static String quoted(Set<String> names) {
    return names.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", "));
  }

  /** Whether {@code --json} was given to the command that failed (as far as its parsing got). */
  private static boolean json(CommandLine cli) {
    OptionSpec json = cli.getCommandSpec().findOption("--json");
    return json != null && Boolean.TRUE.equals(json.getValue());
  }

  /**
   * The failure worth naming: the first of ours, a TLS or a host failure in the cause chain, else
   * the deepest. A {@code ResourceFailedException} is passed through to the download's own failure,
   * its cause, and so is an {@code AvioException} that has a cause (the input's failure).
   */
  static Throwable rootOf(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t && !named(t)) t = t.getCause();
    return t;
  }

  private static boolean named(Throwable t) {
    return t instanceof SourceException || (t instanceof AssetException && !(t instanceof ResourceFailedException))
        || t instanceof CacheDirectoryException || t instanceof SSLException || t instanceof UnknownHostException
        || t instanceof Mp4ParseException;
  }

  static String describe(Throwable t) {
    if (t instanceof UnknownHostException) return "cannot resolve host " + t.getMessage();
    if (t instanceof ConnectException) return "cannot connect: " + Redaction.text(oneLine(t.getMessage()));
    if (t instanceof SSLPeerUnverifiedException) { // OkHttp's check of the name, after the handshake
      return "the server's certificate is for another host: " + Redaction.text(oneLine(t.getMessage()))
          + " (--insecure skips the check)";
    }
    if (t instanceof SSLException && certificateProblem(t)) {
      return "the server's certificate is not trusted: " + Redaction.text(oneLine(deepest(t).getMessage()))
          + " (--cacert FILE trusts the CA that issued it, --insecure skips the check)";
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : oneLine(t.getMessage());
    return Redaction.text(message);
  }

  static int exitCode(Throwable t) {
    if (t instanceof CacheLockedException || t instanceof StorageException || t instanceof WriterClaimedException
        || t instanceof CacheDirectoryException) {
      return CACHE;
    }
    if (t instanceof NotMediaException || t instanceof AvioException || t instanceof Mp4ParseException
        || t instanceof TranscodeException) {
      return MEDIA;
    }
    if (t instanceof SourceException || t instanceof ResourceTimeoutException || t instanceof UnknownHostException
        || t instanceof SocketException || t instanceof InterruptedIOException || t instanceof ProtocolException
        || t instanceof SSLException) {
      return NETWORK;
    }
    return OTHER;
  }

  /** A handshake that failed on the certificate, not on a protocol or cipher. */
  private static boolean certificateProblem(Throwable ssl) {
    for (Throwable t = ssl; t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof CertificateException) return true;
    }
    return false;
  }

  private static Throwable deepest(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t && t.getCause().getMessage() != null) t = t.getCause();
    return t;
  }

  /** Messages that span lines (OkHttp's host name mismatch lists the certificate) on one. */
  private static String oneLine(String message) {
    return message == null ? null : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
