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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
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
    @DisplayName("a trace started and stopped while many goroutines ping-pong parses, and shows every goroutine that ran")
    void startAndStopMidRun() throws Exception {
        Mutex mu = new Mutex();
        long[] counter = {0};
        AtomicBoolean more = new AtomicBoolean(true);
        WaitGroup wg = new WaitGroup();
        List<Thread> threads = new ArrayList<>();
        Chan<Integer> halfway = Chan.make(PAIRS);
        wg.add(2 * PAIRS);
        for (int p = 0; p < PAIRS; p++) {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            threads.add(Go.go(() -> {
                try {
                    for (int r = 0; more.get() || r < ROUNDS; r++) {
                        ping.send(r);
                        pong.recv();
                        if (r == ROUNDS / 2) {
                            halfway.send(r);
                        }
                    }
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
        try (OutputStream out = Files.newOutputStream(file)) {
            Trace.start(out);
            for (int p = 0; p < PAIRS; p++) {
                halfway.recv();   // every pinger is halfway: all of them ran while tracing
            }
            Trace.stop();
        }
        more.set(false);
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
        for (int i = 0; i < threads.size(); i += 2) {
            long pinger = threads.get(i).threadId();
            assertTrue(started.contains(pinger), "pinger " + pinger + " ran while tracing");
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains(" GoBlockSync ") || l.contains(" GoBlockRecv ")), "waits recorded");
        assertEquals(0, lines.stream().filter(l -> l.contains(" GoEnd ")).count(), "no goroutine ended while tracing");
    }
}
