package io.go4j.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;
import io.go4j.trace.testing.GoTool;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many goroutines ping-ponging on channels and contending on a mutex while a trace starts and
 * stops mid-run: Go's parser must accept every trace (goroutines created before the start,
 * blocked at the start, running at the stop). Scaled by the short mode (CI=true).
 */
class TraceStressTest {
    private static final boolean SHORT = Boolean.parseBoolean(System.getProperty("go4j.ci", "false"))
            || "true".equals(System.getenv("CI"));
    private static final int PAIRS = SHORT ? 50 : 200;
    private static final int ROUNDS = SHORT ? 200 : 1000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)   // tracing on a loaded 2-core machine: bounded, generously
    @DisplayName("a trace started and stopped while many goroutines ping-pong parses, and shows every goroutine that ran")
    void startAndStopMidRun() throws Exception {
        Mutex mu = new Mutex();
        long[] counter = {0};
        Chan<Integer> release = Chan.make();   // closed after the trace stops: no goroutine ends while tracing
        WaitGroup wg = new WaitGroup();
        List<Thread> threads = new ArrayList<>();
        Chan<Integer> quarter = Chan.make(PAIRS);
        Chan<Integer> gate = Chan.make();       // closed once tracing runs: every pinger waits there at the start
        Chan<Integer> halfway = Chan.make(PAIRS);
        wg.add(2 * PAIRS);
        for (int p = 0; p < PAIRS; p++) {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            threads.add(Go.go(() -> {
                try {
                    for (int r = 0; r < ROUNDS; r++) {
                        ping.send(r);
                        pong.recv();
                        if (r == ROUNDS / 4) {
                            quarter.send(r);
                            gate.recv();
                        }
                        if (r == ROUNDS / 2) {
                            halfway.send(r);
                        }
                    }
                    release.recv();
                    ping.close();
                } finally {
                    wg.done();
                }
            }));
            threads.add(Go.go(() -> {
                try {
                    for (Integer r : ping) {
                        mu.lock();
                        try {
                            counter[0] += r;
                        } finally {
                            mu.unlock();
                        }
                        pong.send(r);
                    }
                } finally {
                    wg.done();
                }
            }));
        }
        Path file = dir.resolve("stress.trace");
        for (int p = 0; p < PAIRS; p++) {
            quarter.recv();
        }
        awaitAllWaiting(threads);
        try (OutputStream out = Files.newOutputStream(file)) {
            Trace.start(out);   // every pinger waits at the gate, every echo in its receive
            gate.close();
            for (int p = 0; p < PAIRS; p++) {
                halfway.recv();   // every pinger ran while tracing; most still run at the stop
            }
            Trace.stop();
        }
        release.close();
        wg.await();
        for (Thread t : threads) {
            t.join();
        }

        List<String> lines = GoTool.parsedEvents(dir, file);
        Set<Long> started = new HashSet<>();
        Matcher m = Pattern.compile(" GoStart p=\\d+ g=(\\d+) ").matcher(String.join("\n", lines));
        while (m.find()) {
            started.add(Long.parseLong(m.group(1)));
        }
        Set<String> waiting = new HashSet<>();
        lines.stream().filter(l -> l.contains(" GoWaiting ")).forEach(l -> waiting.add(l.substring(l.lastIndexOf(" g=") + 3)));
        for (int i = 0; i < threads.size(); i++) {
            long id = threads.get(i).threadId();
            assertTrue(started.contains(id), (i % 2 == 0 ? "pinger " : "echo ") + id + " ran while tracing");
            assertTrue(waiting.contains(Long.toString(id)), "goroutine " + id + " was waiting when tracing started");
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains(" GoBlockSync ") || l.contains(" GoBlockRecv ")), "waits recorded");
        assertEquals(0, lines.stream().filter(l -> l.contains(" GoEnd ")).count(), "no goroutine ended while tracing");
    }

    /** Waits (bounded) until every one of {@code threads} is parked in a go4j wait. */
    private static void awaitAllWaiting(List<Thread> threads) throws InterruptedException {
        Set<Long> ids = new HashSet<>();
        threads.forEach(t -> ids.add(t.threadId()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            long waiting = Go.goroutines().stream()
                    .filter(g -> ids.contains(g.id()) && g.waitReason() != null).count();
            if (waiting == ids.size()) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, waiting + " of " + ids.size() + " goroutines parked after 60 s");
            Thread.sleep(1);   // polling a state, not waiting for time to pass
        }
    }
}
