package io.go4j.examples;

import io.go4j.Chan;
import io.go4j.context.Context;
import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;
import io.go4j.time.Time;
import io.go4j.trace.Trace;
import io.go4j.trace.analysis.Match;
import io.go4j.trace.analysis.Rules;
import io.go4j.trace.analysis.TraceAnalysis;
import io.go4j.trace.analysis.TraceReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cache whose lock is held across a slow lookup, traced with go4j-trace (Go's
 * {@code runtime/trace}) and analysed: the built-in {@code lock-convoy} rule names the cause.
 * The same program with the lookup moved out of the critical section is traced too, and the rule
 * stays silent on it.
 *
 * <pre>{@code
 * TracedCache.Run slow = TracedCache.run(dir.resolve("convoy.trace"), true);
 * slow.convoys();   // > 0: lock-convoy matched
 * // go tool trace convoy.trace   opens it
 * }</pre>
 */
public final class TracedCache {
    /** Goroutines asking the cache. */
    public static final int GOROUTINES = 6;
    /** Lookups per goroutine. */
    public static final int LOOKUPS = 30;
    /** What a lookup in the backing store takes. */
    public static final Duration LOOKUP = Duration.ofNanos(200_000);

    private TracedCache() {}

    /**
     * One traced run.
     *
     * @param file    the trace, in Go's format
     * @param bytes   its size
     * @param report  go4j-trace's analysis of it with the built-in rules
     * @param served  lookups served (GOROUTINES x LOOKUPS when right)
     */
    public record Run(Path file, long bytes, TraceReport report, int served) {
        /** Returns how many times the built-in {@code lock-convoy} rule matched. */
        public int convoys() {
            return report.matches().stream().filter(m -> m.rule().equals("lock-convoy"))
                    .mapToInt(Match::occurrences).sum();
        }

        /** Returns the {@code lock-convoy} rule's description if it matched, else null. */
        public String convoyDescription() {
            return report.matches().stream().filter(m -> m.rule().equals("lock-convoy"))
                    .map(Match::description).findFirst().orElse(null);
        }
    }

    /**
     * Runs the cache's clients under a trace written to {@code file}, then analyses the file.
     *
     * @param file             where the trace goes
     * @param lockAcrossLookup true for the convoy (the lock held during the slow lookup), false
     *                         for the fix (the lock held only to read and fill the map)
     * @return the run
     */
    public static Run run(Path file, boolean lockAcrossLookup) {
        int served;
        try (OutputStream out = Files.newOutputStream(file)) {
            Trace.start(out);
            try {
                served = clients(lockAcrossLookup);
            } finally {
                Trace.stop();
            }
            TraceReport report = TraceAnalysis.of(Rules.builtIn()).run(file);
            return new Run(file, Files.size(file), report, served);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int clients(boolean lockAcrossLookup) {
        Mutex mu = new Mutex();
        Map<Integer, String> cache = new HashMap<>();   // guarded by mu
        Chan<Integer> served = Chan.make(GOROUTINES * LOOKUPS);
        WaitGroup wg = new WaitGroup();
        try (Trace.Task task = Trace.newTask(Context.background(), "cache clients")) {
            for (int i = 0; i < GOROUTINES; i++) {
                int client = i;
                wg.go(() -> {
                    for (int k = 0; k < LOOKUPS; k++) {
                        int key = client * LOOKUPS + k;   // every key misses: each lookup is slow
                        Trace.withRegion(task.context(), "lookup", () -> {
                            String v = lockAcrossLookup ? null : lookUp(key);
                            mu.lock();
                            try {
                                cache.put(key, lockAcrossLookup ? lookUp(key) : v);   // slow under the lock, or not
                            } finally {
                                mu.unlock();
                            }
                        });
                        served.send(key);
                    }
                });
            }
            wg.await();
        }
        served.close();
        int n = 0;
        for (Integer ignored : served) {
            n++;
        }
        return n;
    }

    /** The backing store: a wait (a network call, a disk read) the goroutine parks for. */
    private static String lookUp(int key) {
        Time.sleep(LOOKUP);
        return "value " + key;
    }

    /** Writes both traces to a temporary directory and prints what the analysis found. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("go4j-trace");
        for (boolean convoy : List.of(true, false)) {
            Run r = run(dir.resolve(convoy ? "convoy.trace" : "fixed.trace"), convoy);
            System.out.printf("%s: %d bytes, lock-convoy matched %d times (go tool trace %s)%n",
                    convoy ? "lock across the lookup" : "lookup outside the lock", r.bytes(), r.convoys(), r.file());
        }
    }
}
