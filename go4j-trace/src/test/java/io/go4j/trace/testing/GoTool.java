package io.go4j.trace.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GoTool runs the real Go toolchain's {@code go tool trace} and {@code go tool pprof} on the
 * traces the tests record (the {@code go} on the PATH: Go 1.19 here). Every run is bounded and
 * its output goes to files (a chatty child cannot block on a full pipe); a machine without
 * {@code go} fails the test saying what to install, since these runs are the proof that go4j's
 * traces are Go's.
 */
public final class GoTool {
    /** Bound on one run of a Go tool. */
    public static final Duration BOUND = Duration.ofSeconds(120);

    /**
     * How many of a profile's first entries by cumulative time ({@link #pprofTopCum}) a test
     * expects the program's own frame among. Five: above it come only go4j's few calls that waited
     * or woke; the test framework's frames and the JDK's, on the stacks of a part of the delay
     * only, come after a program frame that is on most of them.
     */
    public static final int TOP_ENTRIES = 5;

    /** What a run did. */
    public record Result(int exit, String stdout, String stderr) {
        /** Returns the status and both outputs' ends, for assertion messages. */
        public String describe() {
            return "exit " + exit + "\n--- stdout:\n" + tail(stdout) + "\n--- stderr:\n" + tail(stderr);
        }

        private static String tail(String s) {
            return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
        }
    }

    private GoTool() {}

    public static Path go() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "go");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("`go` is not on the PATH (" + path + "): these tests open go4j's traces with the real "
                + "`go tool trace`. Install Go 1.19 or later (Debian: apt-get install golang-go).");
    }

    /** Runs {@code go <args>} in {@code dir} to its end (bounded), stdout into {@code stdout} if given. */
    public static Result run(Path dir, Path stdout, String... args) throws IOException, InterruptedException {
        Process p = start(dir, stdout, args);
        Path out = stdout != null ? stdout : dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        if (!p.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("go " + String.join(" ", args) + " did not finish in " + BOUND + "\n--- stderr:\n"
                    + Files.readString(err, UTF_8));
        }
        return new Result(p.exitValue(), stdout != null ? "" : Files.readString(out, UTF_8),
                Files.readString(err, UTF_8));
    }

    /** Starts {@code go <args>} in {@code dir}: stdout to {@code stdout} (or dir/stdout.txt), stderr to dir/stderr.txt. */
    public static Process start(Path dir, Path stdout, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(go().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput((stdout != null ? stdout : dir.resolve("stdout.txt")).toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().put("GOFLAGS", "-mod=mod");
        pb.environment().put("GOCACHE", dir.resolve("gocache").toString());
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("PPROF_TMPDIR", dir.toString());
        pb.environment().put("BROWSER", "true");   // go tool trace must not open a browser
        return pb.start();
    }

    /**
     * Runs {@code go tool trace -d} on a trace: fails the test unless Go's parser accepts it.
     *
     * @return the parsed events, one line each ("ts Type p=.. g=.. off=.. args")
     */
    public static List<String> parsedEvents(Path dir, Path trace) throws IOException, InterruptedException {
        Result r = run(dir, null, "tool", "trace", "-d", trace.toString());
        if (r.exit() != 0 || r.stderr().contains("panic")) {
            fail("go tool trace -d refused " + trace + ": " + r.describe());
        }
        return r.stdout().lines().filter(l -> !l.isBlank()).toList();
    }

    /** {@code go tool pprof -top} of a profile, every node shown. */
    public static String pprofTop(Path dir, Path profile) throws IOException, InterruptedException {
        Result r = run(dir, null, "tool", "pprof", "-top", "-nodefraction=0", "-nodecount=100000", profile.toString());
        if (r.exit() != 0) {
            fail("go tool pprof failed: " + r.describe());
        }
        return r.stdout();
    }

    /** {@code go tool pprof -top -cum} of a profile: every node, by cumulative time. */
    public static String pprofTopCum(Path dir, Path profile) throws IOException, InterruptedException {
        Result r = run(dir, null, "tool", "pprof", "-top", "-cum", "-nodefraction=0", "-nodecount=100000", profile.toString());
        if (r.exit() != 0) {
            fail("go tool pprof failed: " + r.describe());
        }
        return r.stdout();
    }

    /** The functions of pprof's -top output, in its order (flat descending; with -cum, cumulative descending). */
    public static List<String> topFunctions(String top) {
        List<String> functions = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^[ \\t]*\\S+[ \\t]+\\S+%[ \\t]+\\S+%[ \\t]+\\S+[ \\t]+\\S+%[ \\t]+(\\S.*)$").matcher(top);
        while (m.find()) {
            functions.add(m.group(1).trim());
        }
        return functions;
    }
}
