package io.go4j.debug.pprof;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * GoPprof runs the real {@code go tool pprof} (Go 1.19, Debian's golang-go) on a profile file,
 * with a bounded wait, and returns what it prints. A machine without {@code go} on its PATH fails
 * the test with a message saying what to install: these tests are the proof that Go's tools read
 * go4j's profiles, and must not pass by skipping.
 */
final class GoPprof {
    /** Bound on one run of the tool (pprof starts in well under a second; go run builds in a few). */
    private static final long TIMEOUT_SECONDS = 120;

    private GoPprof() {}

    /** Returns the {@code go} command found on the PATH, or fails the test. */
    static String go() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "go");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail("`go` is not on the PATH: these tests read go4j's profiles with the real `go tool pprof`. "
                + "Install Go (Debian: apt-get install golang-go; `./go4j test` does it), then run them again.");
    }

    /**
     * Runs {@code go tool pprof <options> <file>} and returns its standard output; fails the test
     * if it exits non-zero or does not finish in time.
     */
    static String run(Path profile, String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("tool", "pprof"));
        args.addAll(List.of(options));
        args.add(profile.toString());
        return go(profile.getParent(), args);
    }

    /**
     * Runs {@code go <args>} in {@code dir} (its caches in {@code dir}, GOPATH mode) and returns
     * its standard output; fails the test if it exits non-zero or does not finish in time.
     */
    static String go(Path dir, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(go());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("PPROF_TMPDIR", dir.toString());
        pb.environment().put("GOCACHE", dir.resolve(".gocache").toString());
        pb.environment().put("GOPATH", dir.resolve(".gopath").toString());
        pb.environment().put("GO111MODULE", "off");
        pb.environment().put("GOFLAGS", "");
        pb.environment().putIfAbsent("HOME", dir.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("go " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        String stdout = out.join();
        String stderr = err.join();
        if (p.exitValue() != 0) {
            fail("go " + String.join(" ", args) + " exited " + p.exitValue() + ":\n" + stderr + "\n" + stdout);
        }
        return stdout;
    }

    /**
     * One stack of {@code -traces}' output: its value as pprof prints it ("10", "1.50s"), its
     * labels ("key:  value" lines) and its functions, innermost first.
     */
    record Trace(String value, List<String> labels, List<String> functions) {
        /** Whether one of its functions is {@code function}. */
        boolean has(String function) {
            return functions.contains(function);
        }
    }

    /** Parses {@code go tool pprof -traces} output into its stacks. */
    static List<Trace> traces(String text) {
        List<Trace> out = new ArrayList<>();
        for (String block : text.split("(?m)^-+\\+-+$")) {
            String value = null;
            List<String> labels = new ArrayList<>();
            List<String> functions = new ArrayList<>();
            for (String line : block.split("\n")) {
                String t = line.strip();
                if (t.isEmpty() || line.startsWith("File:") || line.startsWith("Type:") || line.startsWith("Time:")
                        || line.startsWith("Duration:")) {
                    continue;
                }
                String[] parts = t.split("\\s+");
                if (value == null && parts[0].endsWith(":")) {   // "key:  value" before the stack
                    labels.add(t.replaceAll("\\s+", " "));
                    continue;
                }
                if (value == null && parts.length == 2) {
                    value = parts[0];
                    functions.add(parts[1]);
                } else if (parts.length == 1) {
                    functions.add(parts[0]);
                } else {
                    labels.add(t.replaceAll("\\s+", " "));
                }
            }
            if (value != null) {
                out.add(new Trace(value, labels, functions));
            }
        }
        return out;
    }

    /** The one trace that has {@code function}; fails the test unless there is exactly one. */
    static Trace traceWith(String tracesOutput, String function) {
        List<Trace> found = traces(tracesOutput).stream().filter(t -> t.has(function)).toList();
        if (found.size() != 1) {
            fail("expected one stack with " + function + ", found " + found.size() + " in:\n" + tracesOutput);
        }
        return found.get(0);
    }

    /** One sample of {@code -raw}'s output: its values, its functions (innermost first), its labels. */
    record RawSample(List<Long> values, List<String> functions, String labels) {
        boolean has(String function) {
            return functions.contains(function);
        }
    }

    /** Parses the samples of {@code go tool pprof -raw} output, resolving location ids to functions. */
    static List<RawSample> rawSamples(String raw) {
        java.util.Map<Long, String> functions = new java.util.HashMap<>();
        java.util.regex.Pattern location =
                java.util.regex.Pattern.compile("^\\s*(\\d+): 0x[0-9a-f]+ M=\\d+ (\\S+) .*$");
        boolean inLocations = false;
        for (String line : raw.split("\n")) {
            if (line.startsWith("Locations")) {
                inLocations = true;
            } else if (line.startsWith("Mappings")) {
                inLocations = false;
            } else if (inLocations) {
                java.util.regex.Matcher m = location.matcher(line);
                if (m.matches()) {
                    functions.put(Long.parseLong(m.group(1)), m.group(2));
                }
            }
        }
        List<RawSample> out = new ArrayList<>();
        boolean inSamples = false;
        boolean header = false;
        for (String line : raw.split("\n")) {
            if (line.startsWith("Samples:")) {
                inSamples = true;
                header = true;
                continue;
            }
            if (!inSamples) {
                continue;
            }
            if (line.startsWith("Locations")) {
                break;
            }
            if (header) {   // the sample types' names
                header = false;
                continue;
            }
            int colon = line.indexOf(':');
            String head = colon < 0 ? "" : line.substring(0, colon).strip();
            if (head.matches("-?\\d+(\\s+-?\\d+)*")) {
                List<Long> values = java.util.Arrays.stream(head.split("\\s+")).map(Long::parseLong).toList();
                String ids = line.substring(colon + 1).strip();
                List<String> fs = ids.isEmpty() ? List.of() : java.util.Arrays.stream(ids.split("\\s+"))
                        .map(id -> functions.get(Long.parseLong(id))).toList();
                out.add(new RawSample(values, fs, ""));
            } else if (!out.isEmpty() && !line.isBlank()) {
                RawSample last = out.remove(out.size() - 1);
                out.add(new RawSample(last.values(), last.functions(), (last.labels() + " " + line.strip()).strip()));
            }
        }
        return out;
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
