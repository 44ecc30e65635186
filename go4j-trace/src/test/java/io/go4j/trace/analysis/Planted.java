package io.go4j.trace.analysis;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.trace.Trace;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Planted holds the go4j programs the analysis tests record: each with a planted root cause, and
 * a clean twin of the same shape without it. Every program waits for all its goroutines (bounded
 * joins) before it returns.
 */
final class Planted {
    /** Bound on joining a program's goroutines, in milliseconds. */
    static final long JOIN_MS = 60_000;

    /** A program to record. */
    interface Program {
        /** Runs it to its end. */
        void run() throws Exception;
    }

    private Planted() {}

    /** Records {@code program} with go4j-trace into {@code dir/name.trace}. */
    static Path record(Path dir, String name, Program program) throws Exception {
        Path file = dir.resolve(name + ".trace");
        try (OutputStream out = Files.newOutputStream(file)) {
            Trace.start(out);
            try {
                program.run();
            } finally {
                Trace.stop();
            }
        }
        return file;
    }

    static void join(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(JOIN_MS);
            if (t.isAlive()) {
                throw new AssertionError("goroutine " + t + " did not end in " + JOIN_MS + " ms");
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // A pipeline: a producer, three workers, a collector (clean)

    static void cleanPipeline() throws InterruptedException {
        Chan<Integer> jobs = Chan.make();
        Chan<Integer> results = Chan.make();
        List<Thread> gs = new ArrayList<>();
        gs.add(Go.go(() -> {
            for (int i = 0; i < 300; i++) {
                jobs.send(i);
            }
            jobs.close();
        }));
        for (int w = 0; w < 3; w++) {
            gs.add(Go.go(() -> {
                for (Integer j : jobs) {
                    results.send(j * 2);
                }
            }));
        }
        long sum = 0;
        for (int i = 0; i < 300; i++) {
            sum += results.recv();
        }
        join(gs);
        if (sum != 299 * 300) {
            throw new AssertionError("sum " + sum);
        }
    }
}
