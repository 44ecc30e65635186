package io.go4j.debug.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * GoTool runs the real Go toolchain (the {@code go} on the PATH: Debian's golang-go, Go 1.19, in
 * CI) for the tests that compare go4j with Go: {@code go run} of a twin program, {@code go build}
 * of a server, {@code go tool pprof} on a profile. A machine without {@code go} fails those tests
 * with a message saying what to install: they are the proof that go4j's formats are Go's, and must
 * not pass by skipping.
 *
 * <p>Every run is bounded ({@link #BOUND}), in GOPATH mode (one-file programs, standard library
 * only, nothing downloaded), with a build cache in the temporary directory that stays warm
 * between runs (a cold build of {@code net/http} takes minutes on a loaded 2-core machine), and
 * pprof's temporary files in the run's own directory.
 */
public final class GoTool {
    /** Bound on one run of the toolchain: a cold build of net/http on a loaded 2-core machine. */
    public static final Duration BOUND = Duration.ofSeconds(300);

    /** The build cache: shared by every run, warm across test runs. */
    private static final Path CACHE = Path.of(System.getProperty("java.io.tmpdir"), "go4j-test-gocache");

    private GoTool() {}

    /**
     * Returns the {@code go} command on the PATH, or fails the test saying how to get it.
     *
     * @return its path
     */
    public static Path go() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "go");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("`go` is not on the PATH (" + path + "): this test compares go4j with the real Go toolchain. "
                + "Install Go 1.19 or later (Debian: apt-get install golang-go; `./go4j test` does it), "
                + "then run it again.");
    }

    /**
     * Runs {@code go <args>} in {@code dir} and returns what it did, whatever its exit status.
     *
     * @param dir  the working directory (also GOPATH's and pprof's scratch space)
     * @param args the go command's arguments, e.g. {@code run main.go}
     * @return what it did
     */
    public static Exec.Result exec(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of(go().toString()));
        cmd.addAll(List.of(args));
        return Exec.run(cmd, dir, environment(dir), BOUND);
    }

    /**
     * Runs {@code go <args>} in {@code dir} and returns its standard output; fails the test if it
     * exits non-zero.
     *
     * @param dir  the working directory
     * @param args the go command's arguments
     * @return its standard output
     */
    public static String run(Path dir, String... args) {
        Exec.Result r = exec(dir, args);
        if (r.exit() != 0) {
            fail("go " + String.join(" ", args) + " failed: " + r.describe());
        }
        return r.stdout();
    }

    /**
     * Writes {@code source} as {@code main.go} in {@code dir} and runs it ({@code go run}).
     *
     * @param dir    a directory of its own
     * @param source a Go program of package main, standard library only
     * @return its standard output
     * @throws IOException if the file cannot be written
     */
    public static String runProgram(Path dir, String source) throws IOException {
        Files.writeString(dir.resolve("main.go"), source);
        return run(dir, "run", "main.go");
    }

    /**
     * Builds {@code main.go} in {@code dir} into an executable.
     *
     * @param dir  the directory holding {@code main.go}
     * @param name the executable's name
     * @return its path
     */
    public static Path build(Path dir, String name) {
        run(dir, "build", "-o", name, "main.go");
        return dir.resolve(name);
    }

    /**
     * Runs {@code go tool pprof <options> <profile>} and returns its standard output; fails the
     * test if it exits non-zero.
     *
     * @param profile a profile file; its directory is pprof's working directory
     * @param options pprof's options, e.g. {@code -traces}
     * @return pprof's standard output
     */
    public static String pprof(Path profile, String... options) {
        List<String> args = new ArrayList<>(List.of("tool", "pprof"));
        args.addAll(List.of(options));
        args.add(profile.toString());
        return run(profile.toAbsolutePath().getParent(), args.toArray(String[]::new));
    }

    private static Map<String, String> environment(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("GOCACHE", CACHE.toString());
        env.put("GOPATH", dir.resolve(".gopath").toString());
        env.put("GO111MODULE", "off");     // one-file programs of the standard library
        env.put("GOFLAGS", "");
        env.put("GOTOOLCHAIN", "local");   // a newer Go must not download another one
        env.put("GOENV", "off");           // the user's `go env -w` settings do not apply
        env.put("PPROF_TMPDIR", dir.toString());
        if (System.getenv("HOME") == null) {
            env.put("HOME", dir.toString());
        }
        return env;
    }
}
