package dev.userwhisperer.models;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The {@code --name value} options after a command word, for this module's command lines. */
public final class CliOptions {
  private CliOptions() {}

  /**
   * The options after {@code args[0]}, or null, with the reason and the usage printed on {@code
   * err}, when one is unknown or lacks a value.
   */
  public static Map<String, String> parse(
      String[] args, Set<String> known, String usage, PrintStream err) {
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      if (!known.contains(args[i])) {
        err.println("unknown option " + args[i] + "\n" + usage);
        return null;
      }
      if (i + 1 >= args.length) {
        err.println("missing value after " + args[i] + "\n" + usage);
        return null;
      }
      options.put(args[i], args[i + 1]);
    }
    return options;
  }
}
