package io.go4j.trace.analysis;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Main is the {@code go4j trace} command line: the analyses and rules of {@link TraceAnalysis}
 * on a trace file.
 *
 * <pre>
 * ./go4j trace &lt;analysis&gt; [options] trace.out         (the go4j script: builds go4j-trace if needed)
 * java -cp go4j-trace.jar:go4j-debug.jar:go4j-core.jar io.go4j.trace.analysis.Main &lt;analysis&gt; [options] trace.out
 *   latency    scheduling latency: p50, p90, p99, max, histogram
 *   groups     time per goroutine group: running, runnable, blocked by reason
 *   blocking   the longest blocking episodes, their blocker and who released them  [--top N]
 *   rules      the built-in rules' matches, or those of --rules FILE; --only a,b
 *   report     all of the above
 *   rules --list   print the built-in rules' text
 * options: --json (the whole report as JSON), --top N (episodes, default 10),
 *          --rules FILE (rules in the text form, instead of the built-in ones), --only NAME[,NAME]
 * </pre>
 *
 * <p>Exit status: 0, 1 if the trace cannot be read, 2 for a bad command line or rule file (no
 * argument at all prints the usage, with status 2, as Go's tools do).
 */
public final class Main {
    private static final List<String> ANALYSES = List.of("latency", "groups", "blocking", "rules", "report");
    private static final String USAGE = """
            usage: go4j trace <analysis> [options] <trace file>
              latency    scheduling latency: p50, p90, p99, max, histogram
              groups     time per goroutine group: running, runnable, blocked by reason
              blocking   the longest blocking episodes, their blocker and who released them
              rules      the rules' matches (the built-in ones unless --rules FILE)
              report     all of the above
              rules --list   print the built-in rules
            options:
              --json         print the whole report as JSON
              --top N        how many blocking episodes (default 10)
              --rules FILE   rules in the text form instead of the built-in ones
              --only A,B     only the rules named
            """;

    private Main() {}

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the command line, printing to {@code out} and {@code err}.
     *
     * @param args the arguments
     * @param out  the output
     * @param err  the errors
     * @return the exit status: 0, 1 (unreadable trace), 2 (bad usage or rules)
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String command = null;
        Path trace = null;
        Path rulesFile = null;
        List<String> only = null;
        boolean json = false;
        boolean list = false;
        int top = 10;
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--json" -> json = true;
                    case "--list" -> list = true;
                    case "--top" -> top = Integer.parseInt(arg(args, ++i, a));
                    case "--rules" -> rulesFile = Path.of(arg(args, ++i, a));
                    case "--only" -> only = List.of(arg(args, ++i, a).split(","));
                    case "-h", "--help" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> {
                        if (a.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        } else if (command == null) {
                            command = a;
                        } else if (trace == null) {
                            trace = Path.of(a);
                        } else {
                            throw new IllegalArgumentException("unexpected argument " + a);
                        }
                    }
                }
            }
            if (command == null) {
                throw new IllegalArgumentException("no analysis");
            }
            if (!ANALYSES.contains(command)) {
                throw new IllegalArgumentException("unknown analysis " + command + " (there are "
                        + String.join(", ", ANALYSES) + ")");
            }
            if (list && command.equals("rules")) {
                out.print(Rules.BUILT_IN);
                return 0;
            }
            if (trace == null) {
                throw new IllegalArgumentException("no trace file");
            }
            List<Rule> rules = new ArrayList<>();
            if (command.equals("rules") || command.equals("report")) {
                rules.addAll(rulesFile == null ? Rules.builtIn()
                        : Rules.parse(rulesFile.toString(), Files.readString(rulesFile)));
                if (only != null) {
                    List<String> names = only;
                    rules.removeIf(r -> !names.contains(r.name()));
                }
            }
            TraceReport r = TraceAnalysis.of(rules).top(top).run(trace);
            if (json) {
                out.println(r.json());
            } else {
                out.print(switch (command) {
                    case "latency" -> r.latencyText();
                    case "groups" -> r.groupsText();
                    case "blocking" -> r.episodesText();
                    case "rules" -> r.matchesText();
                    default -> r.text();
                });
            }
            return 0;
        } catch (RuleSyntaxException e) {
            err.println("go4j trace: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("go4j trace: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("go4j trace: " + e.getMessage());
            return 1;
        }
    }

    private static String arg(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
