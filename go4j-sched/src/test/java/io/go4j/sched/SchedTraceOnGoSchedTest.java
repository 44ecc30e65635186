package io.go4j.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Go;
import io.go4j.debug.internal.sched.SchedLines;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * go4j-debug's scheduler trace on go4j-sched reads go4j-sched's own processors and queues: Go's
 * per-P run queue lengths, and with detail Go's per-P and per-M lines.
 */
class SchedTraceOnGoSchedTest {
    private static final Pattern SCHED = Pattern.compile(
            "SCHED 0ms: gomaxprocs=(\\d+) idleprocs=(\\d+) threads=(\\d+) spinningthreads=(\\d+) idlethreads=(\\d+)"
                    + " runqueue=(\\d+) \\[(\\d+( \\d+)*)\\]");

    @Test
    @DisplayName("the SCHED line lists one local run queue per go4j-sched carrier, and its threads")
    void theSchedLineListsGoSchedsQueues() throws Exception {
        Go.go(() -> {}).join(10_000);   // the scheduler has started
        String line = SchedLines.text(0, false).strip();
        Matcher m = SCHED.matcher(line);
        assertTrue(m.matches(), line);
        int carriers = m.group(7).split(" ").length;
        assertTrue(carriers >= Go.maxProcs(), "the core carriers, and any spare: " + line);
        assertEquals(carriers + 1, Integer.parseInt(m.group(3)), "carriers and the sysmon: " + line);
    }

    @Test
    @DisplayName("goroutines queued behind a running one show in the run queues")
    void queuedGoroutinesShowInTheRunQueues() throws Exception {
        AtomicBoolean release = new AtomicBoolean();
        AtomicReference<String> seen = new AtomicReference<>();
        List<Thread> children = new ArrayList<>();
        Thread parent = Go.go(() -> {
            for (int i = 0; i < 20; i++) {
                // each spins without parking, so the ones not running stay queued
                children.add(Go.go(() -> {
                    long deadline = System.nanoTime() + 30_000_000_000L;
                    while (!release.get() && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                }));
            }
            seen.set(SchedLines.text(0, true));
        });
        try {
            parent.join(30_000);
        } finally {
            release.set(true);
            for (Thread t : children) {
                t.join(30_000);
            }
        }
        String text = seen.get();
        assertTrue(text != null, "the parent ran");
        Matcher p = Pattern.compile("  P(\\d+): status=[01] schedtick=\\d+ syscalltick=0 m=\\1 runqsize=(\\d+)"
                + " gfreecnt=0 timerslen=0").matcher(text);
        int procs = 0;
        int queued = 0;
        while (p.find()) {
            procs++;
            queued += Integer.parseInt(p.group(2));
        }
        Matcher global = Pattern.compile("runqueue=(\\d+) gcwaiting=0").matcher(text);
        assertTrue(global.find(), text);
        queued += Integer.parseInt(global.group(1));
        assertTrue(procs >= Go.maxProcs(), "a P line per carrier:\n" + text);
        // 20 spinners: at most one runs per carrier, one sits in runnext; the rest are queued
        assertTrue(queued >= 20 - 2 * procs, queued + " queued:\n" + text);
        assertTrue(Pattern.compile("  M0: p=0 curg=-1 mallocing=0 throwing=0 preemptoff= locks=0 dying=0"
                + " spinning=(true|false) blocked=(true|false) lockedg=-1").matcher(text).find(), text);
    }
}
