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
 * @param historySize     how much call-site history is kept for "Previous ... at" stacks
 *                        ({@code history_size}, 0 to 7 as in Go, default 1: at most 32K &lt;&lt; n
 *                        call-chain nodes, CallNode's note 1); see README
 * @param stripPathPrefix removed from the start of file paths in reports ({@code strip_path_prefix})
 * @param include         class name prefixes (dotted) to instrument even if excluded ({@code include},
 *                        comma-separated)
 * @param exclude         class name prefixes not to instrument, besides the JDK and go4j
 *                        ({@code exclude}, comma-separated)
 * @param includePath     parts of class-path locations whose classes are instrumented even if
 *                        their names are excluded by default, e.g. {@code /target/test-classes/}
 *                        ({@code include_path}, comma-separated): a project's tests in its own
 *                        packages, without its main classes
 */
public record Options(boolean haltOnError, int exitCode, String logPath, int historySize,
                      String stripPathPrefix, List<String> include, List<String> exclude,
                      List<String> includePath) {

    /** Go's default {@code history_size}. */
    static final int DEFAULT_HISTORY_SIZE = 1;
    /** Go's largest {@code history_size} (0 is the smallest). */
    static final int MAX_HISTORY_SIZE = 7;

    /** Classes never instrumented: the JDK, go4j itself (and this agent), the test runners. */
    static final List<String> ALWAYS_EXCLUDED = List.of(
            "java.", "javax.", "jdk.", "sun.", "com.sun.", "io.go4j.",
            "org.junit.", "junit.", "org.opentest4j.", "org.apiguardian.", "org.apache.maven.");

    /**
     * Classes instrumented for their synchronisation only (monitors, thread start and join, waits,
     * java.util.concurrent calls), never for their own field accesses: the test runners, which
     * hand tests to other threads (JUnit's timeouts run a test on a thread of their own and wait
     * for it with a Future) and whose edges the tests' code relies on.
     */
    static final List<String> SYNCHRONISATION_ONLY = List.of(
            "org.junit.", "junit.", "org.apache.maven.surefire.");

    /**
     * Whether a class gets a shadow field and nothing else: go4j's own classes (not this
     * agent's), whose objects (channels, mutexes, wait groups, contexts...) are the
     * synchronisation points of go4j's events, so that each event finds its clocks in the object
     * rather than in a weak identity map (Rt's note 1).
     *
     * @param dotted the class's binary name
     * @return whether to add the field only
     */
    public static boolean shadowFieldOnly(String dotted) {
        return dotted.startsWith("io.go4j.") && !dotted.startsWith("io.go4j.race.");
    }

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
        int history = DEFAULT_HISTORY_SIZE;
        String strip = "";
        List<String> include = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        List<String> includePath = new ArrayList<>();
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
                    case "history_size" -> history = number(k, v, 0, MAX_HISTORY_SIZE);
                    case "strip_path_prefix" -> strip = v;
                    case "include" -> include.addAll(prefixes(v));
                    case "exclude" -> exclude.addAll(prefixes(v));
                    case "include_path" -> includePath.addAll(prefixes(v));
                    // Go's options with no meaning here are accepted, as GORACE files are shared.
                    case "atexit_sleep_ms", "verbosity", "report_signal_unsafe" -> { }
                    default -> throw new IllegalArgumentException("go4j-race: unknown option " + k);
                }
            }
        }
        return new Options(halt, exit, log, history, strip, List.copyOf(include), List.copyOf(exclude),
                List.copyOf(includePath));
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

    /**
     * Returns whether a class named {@code dotted}, loaded from {@code location}, is instrumented:
     * as {@link #instruments(String)}, or if the location contains one of {@code include_path}
     * and no {@code exclude} prefix names the class.
     *
     * @param dotted   a class name
     * @param location where it was loaded from (its code source's URL), or null
     * @return whether to instrument it
     */
    public boolean instruments(String dotted, String location) {
        if (instruments(dotted)) {
            return true;
        }
        if (location == null || longest(exclude, dotted) >= 0) {
            return false;
        }
        for (String part : includePath) {
            if (location.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns whether classes named {@code dotted}, not instrumented for their accesses, are
     * instrumented for their synchronisation ({@link #SYNCHRONISATION_ONLY}, unless an
     * {@code exclude} prefix names them).
     *
     * @param dotted a class name
     * @return whether to instrument its synchronisation
     */
    public boolean synchronisationOnly(String dotted) {
        return longest(SYNCHRONISATION_ONLY, dotted) >= 0 && longest(exclude, dotted) < 0;
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

    private static int number(String k, String v, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            n = min - 1;
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("go4j-race: option " + k + " wants a number from " + min + " to " + max
                    + ", not " + v);
        }
        return n;
    }
}
