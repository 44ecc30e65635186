package io.go4j.race.internal.rt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Options are the detector's settings, in Go's {@code GORACE} syntax: space-separated
 * {@code name=value} pairs, read from the environment variable {@code GORACE} and then from the
 * system property {@code go4j.race} (which wins), e.g.
 * {@code -Dgo4j.race="halt_on_error=1 log_path=/tmp/race"}.
 *
 * @param haltOnError     stop the process after the first report ({@code halt_on_error}, default 0)
 * @param exitCode        the exit status of a process that reported races ({@code exitcode}, 66)
 * @param logPath         reports go to {@code logPath.<pid>} instead of stderr ({@code log_path})
 * @param historySize     how much history per goroutine is kept for "Previous ... at" stacks
 *                        ({@code history_size}, 0-7 as in Go: 32K &lt;&lt; n accesses); see README
 * @param stripPathPrefix removed from the start of file paths in reports ({@code strip_path_prefix})
 * @param include         class name prefixes (dotted) to instrument even if excluded ({@code include},
 *                        comma-separated)
 * @param exclude         class name prefixes not to instrument, besides the JDK and go4j
 *                        ({@code exclude}, comma-separated)
 */
public record Options(boolean haltOnError, int exitCode, String logPath, int historySize,
                      String stripPathPrefix, List<String> include, List<String> exclude) {

    /** Classes never instrumented: the JDK, go4j itself (and this agent), the test runners. */
    static final List<String> ALWAYS_EXCLUDED = List.of(
            "java.", "javax.", "jdk.", "sun.", "com.sun.", "io.go4j.",
            "org.junit.", "junit.", "org.opentest4j.", "org.apiguardian.", "org.apache.maven.");

    /**
     * Parses GORACE-style text.
     *
     * @param text the settings, e.g. {@code "halt_on_error=1 exitcode=3"}; null for none
     * @return the options
     * @throws IllegalArgumentException for an unknown name or a bad value, in Go's words
     */
    public static Options parse(String text) {
        boolean halt = false;
        int exit = 66;
        String log = null;
        int history = 1;
        String strip = "";
        List<String> include = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        if (text != null) {
            for (String kv : text.trim().split("\\s+")) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("go4j-race: bad option (want name=value): " + kv);
                }
                String k = kv.substring(0, eq);
                String v = kv.substring(eq + 1);
                switch (k) {
                    case "halt_on_error" -> halt = number(k, v) != 0;
                    case "exitcode" -> exit = number(k, v);
                    case "log_path" -> log = v;
                    case "history_size" -> history = number(k, v);
                    case "strip_path_prefix" -> strip = v;
                    case "include" -> include.addAll(prefixes(v));
                    case "exclude" -> exclude.addAll(prefixes(v));
                    // Go's options with no meaning here are accepted, as GORACE files are shared.
                    case "atexit_sleep_ms", "verbosity", "report_signal_unsafe" -> { }
                    default -> throw new IllegalArgumentException("go4j-race: unknown option " + k);
                }
            }
        }
        return new Options(halt, exit, log, history, strip, List.copyOf(include), List.copyOf(exclude));
    }

    /**
     * Reads the options of this process: {@code GORACE}, then {@code -Dgo4j.race}.
     *
     * @param env   the environment
     * @param props the system property's value, or null
     * @return the options
     */
    public static Options read(Map<String, String> env, String props) {
        String gorace = env.getOrDefault("GORACE", "");
        return parse(gorace + " " + (props == null ? "" : props));
    }

    /**
     * Returns whether classes named {@code dotted} are instrumented: the longest matching prefix
     * of {@code include} and {@code exclude} (and the always excluded ones) decides; no match means
     * instrumented.
     *
     * @param dotted a class name, e.g. {@code com.example.Foo}
     * @return whether to instrument it
     */
    public boolean instruments(String dotted) {
        int in = longest(include, dotted);
        int out = Math.max(longest(exclude, dotted), longest(ALWAYS_EXCLUDED, dotted));
        return in >= out;
    }

    private static int longest(List<String> prefixes, String name) {
        int best = -1;
        for (String p : prefixes) {
            if (name.startsWith(p) && p.length() > best) {
                best = p.length();
            }
        }
        return best;
    }

    private static List<String> prefixes(String v) {
        List<String> out = new ArrayList<>();
        for (String p : v.split(",")) {
            if (!p.isBlank()) {
                out.add(p.trim());
            }
        }
        return out;
    }

    private static int number(String k, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("go4j-race: option " + k + " wants a number, not " + v, e);
        }
    }
}
