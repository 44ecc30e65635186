package io.go4j.examples;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.GoInterruptedException;
import io.go4j.debug.Deadlocks;
import io.go4j.debug.GoroutineDump;
import io.go4j.debug.PprofServer;
import io.go4j.debug.Profile;
import io.go4j.debug.Profiling;
import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Diagnostics shows go4j-debug on a live program: Go's grouped goroutine dump (pprof
 * {@code debug=1}) of a thousand parked goroutines, the goroutine and block profiles as the
 * {@code profile.proto} that {@code go tool pprof} reads, {@code /debug/pprof} served over HTTP,
 * and a lock cycle (a partial deadlock) caught while the program runs on.
 *
 * <pre>{@code
 * Diagnostics.Report r = Diagnostics.run(1_000);
 * r.dump();          // "goroutine profile: total ..." then the groups, most frequent first
 * r.cycle();         // "go4j: lock cycle (partial deadlock) among goroutines ..."
 * }</pre>
 */
public final class Diagnostics {

    private Diagnostics() {}

    /**
     * What the demo saw.
     *
     * @param workers      goroutines parked in the worker pool, all labelled {@code pool=workers}
     * @param dump         the grouped dump's first lines (Go's {@code debug=1})
     * @param workerGroup  whether the dump grouped the workers into one stack with their count
     * @param profileBytes size of the goroutine profile (gzip {@code profile.proto})
     * @param gzipOk       whether that profile is valid gzip holding a protobuf
     * @param blockEvents  contention events in the block profile's text form
     * @param httpStatus   the status of {@code GET /debug/pprof/goroutine?debug=1}
     * @param httpFirst    the first line of that response
     * @param cycle        the report of the lock cycle found, or null if none was found
     * @param allExited    whether every goroutine of the demo exited at the end
     */
    public record Report(int workers, List<String> dump, boolean workerGroup, int profileBytes, boolean gzipOk,
                         long blockEvents, int httpStatus, String httpFirst, String cycle, boolean allExited) {
        /**
         * Returns whether every part of the demo worked.
         *
         * @return true if the dump, the profiles, the server and the cycle check all did their job
         */
        public boolean ok() {
            return workerGroup && gzipOk && blockEvents > 0 && httpStatus == 200
                    && httpFirst.startsWith("goroutine profile: total ") && cycle != null && allExited;
        }
    }

    /**
     * Parks {@code workers} labelled goroutines on a jobs channel, dumps and profiles them,
     * serves {@code /debug/pprof} on 127.0.0.1, builds a lock cycle between two goroutines and
     * finds it, then releases everything.
     *
     * @param workers how many goroutines to park (at least 1)
     * @return what it saw
     * @throws InterruptedException if interrupted while waiting for the goroutines
     */
    public static Report run(int workers) throws InterruptedException {
        Chan<Integer> jobs = Chan.make();
        WaitGroup done = new WaitGroup();
        done.add(workers);
        Go.withLabels(Map.of("pool", "workers"), () -> {
            for (int i = 0; i < workers; i++) {
                Go.go(() -> {
                    try {
                        for (Integer ignored : jobs) {
                            // a real worker would work here
                        }
                    } finally {
                        done.done();
                    }
                });
            }
        });
        Profiling.setBlockProfileRate(1);
        boolean released = false;
        try {
            awaitParked(workers);
            List<String> dump = groupedDump();
            boolean workerGroup = dump.stream().anyMatch(l -> l.startsWith(workers + " @ "));
            byte[] profile = profile("goroutine", 0);
            boolean gzipOk = isGzipProtobuf(profile);
            HttpResult http = fetchFromServer();
            jobs.close();
            released = true;
            done.await();   // a blocking wait the block profile records
            long blockEvents = blockEvents();
            String cycle = lockCycle();
            return new Report(workers, dump.subList(0, Math.min(6, dump.size())), workerGroup, profile.length,
                    gzipOk, blockEvents, http.status(), http.firstLine(), cycle, true);
        } finally {
            Profiling.setBlockProfileRate(0);
            if (!released) {
                jobs.close();   // the workers exit even when the demo failed half-way
            }
        }
    }

    /** Waits (bounded) until the workers are parked in their receive. */
    private static void awaitParked(int workers) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Go.goroutines().stream().filter(g -> "chan receive".equals(g.waitReason())).count() < workers) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the workers did not park within 10 s");
            }
            Thread.sleep(1);
        }
    }

    private static List<String> groupedDump() {
        StringBuilder out = new StringBuilder();
        try {
            GoroutineDump.write(out, GoroutineDump.Options.grouped());
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringBuilder does not throw
        }
        return out.toString().lines().toList();
    }

    private static byte[] profile(String name, int debug) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Profile.lookup(name).writeTo(out, debug);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a ByteArrayOutputStream does not throw
        }
        return out.toByteArray();
    }

    /** A gzip stream whose content starts with a protobuf field tag (profile.proto's field 1 or 2). */
    private static boolean isGzipProtobuf(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            int first = in.read();
            return first == 0x0a || first == 0x12;
        } catch (IOException e) {
            return false;
        }
    }

    /** The block profile's text form ends each record's header with its count: sums them. */
    private static long blockEvents() {
        long events = 0;
        for (String line : new String(profile("block", 1), StandardCharsets.UTF_8).lines().toList()) {
            String[] f = line.split(" ");
            if (f.length >= 3 && f[2].equals("@") && f[0].chars().allMatch(Character::isDigit)) {
                events += Long.parseLong(f[1]);
            }
        }
        return events;
    }

    private record HttpResult(int status, String firstLine) {}

    private static HttpResult fetchFromServer() {
        try (PprofServer server = PprofServer.start();
             HttpClient client = HttpClient.newHttpClient()) {
            URI uri = server.uri().resolve("goroutine?debug=1");
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new HttpResult(r.statusCode(), r.body().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoInterruptedException("GET /debug/pprof/goroutine");
        }
    }

    /**
     * Two goroutines take two mutexes in opposite orders and deadlock; Deadlocks.lockCycles()
     * finds the cycle while the rest of the program runs; interrupting one breaks it.
     */
    private static String lockCycle() throws InterruptedException {
        Mutex a = new Mutex();
        Mutex b = new Mutex();
        WaitGroup firstLocks = new WaitGroup();   // a barrier: both hold their first lock
        firstLocks.add(2);
        List<Thread> pair = new ArrayList<>();
        pair.add(Go.go("transfer-a-to-b", () -> lockBoth(a, b, firstLocks)));
        pair.add(Go.go("transfer-b-to-a", () -> lockBoth(b, a, firstLocks)));
        String found = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (found == null && System.nanoTime() - deadline < 0) {
            List<Deadlocks.LockCycle> cycles = Deadlocks.lockCycles();
            if (cycles.isEmpty()) {
                Thread.sleep(5);
            } else {
                found = cycles.get(0).report();
            }
        }
        for (Thread t : pair) {
            t.interrupt();   // Mutex.lock honours interrupts: the cycle breaks
        }
        for (Thread t : pair) {
            t.join(Duration.ofSeconds(10));
        }
        return found;
    }

    private static void lockBoth(Mutex first, Mutex second, WaitGroup firstLocks) {
        first.lock();
        try {
            firstLocks.done();
            firstLocks.await();   // until the other goroutine holds its first lock too
            second.lock();
            second.unlock();
        } catch (GoInterruptedException e) {
            // broken out of the cycle
        } finally {
            first.unlock();
        }
    }
}
