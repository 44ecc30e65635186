package io.go4j.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.time.Time;
import io.go4j.trace.testing.GoTool;
import io.go4j.trace.testing.Waits;
import java.io.OutputStream;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events beyond the first milestone's, as Go 1.19's parser reads them ({@code go tool trace -d}). */
class MoreEventsTest {
    @TempDir
    Path dir;

    @Test
    void aGoroutineWithLabelsStartsWithThemAsGoStartLabel() throws Exception {
        Chan<Integer> c = Chan.make();
        Path file = dir.resolve("labels.trace");
        Thread[] labelled = new Thread[1];
        try (OutputStream out = Files.newOutputStream(file)) {
            Trace.start(out);
            try {
                labelled[0] = Go.go(() -> Go.withLabels(Map.of("request", "r-42", "user", "ann"), () -> {
                    c.recv();   // blocks, then starts again with its labels
                    c.recv();
                }));
                Waits.awaitParked(List.of(labelled[0]));   // it blocks, so that it starts again
                c.send(1);
                c.send(2);
                labelled[0].join(10_000);
            } finally {
                Trace.stop();
            }
        }
        List<String> events = GoTool.parsedEvents(dir, file);
        long id = labelled[0].threadId();
        assertTrue(events.stream().anyMatch(l -> l.contains(" GoStartLabel ") && l.contains(" g=" + id + " ")
                        && l.endsWith(" label=request=r-42,user=ann")),
                "a labelled start of goroutine " + id + ":\n" + String.join("\n", events));
        assertTrue(events.stream().noneMatch(l -> l.contains(" GoStartLabel ") && !l.contains(" g=" + id + " ")),
                "only the labelled goroutine starts with a label");
    }

    @Test
    void changingGomaxprocsDuringATraceIsAGomaxprocsEventAndTheProcessorsFollow() throws Exception {
        int before = Go.maxProcs();
        int more = before + 2;
        Path file = dir.resolve("procs.trace");
        Chan<Integer> c = Chan.make();
        try (OutputStream out = Files.newOutputStream(file)) {
            Trace.start(out);
            try {
                Go.setMaxProcs(more);
                pingPong(c);
                Go.setMaxProcs(1);
                pingPong(c);
            } finally {
                Go.setMaxProcs(before);
                Trace.stop();
            }
        }
        List<String> events = GoTool.parsedEvents(dir, file);
        List<String> procs = events.stream().filter(l -> l.contains(" Gomaxprocs ")).map(l -> l.replaceAll(".* procs=", "")).toList();
        assertEquals(List.of(String.valueOf(before), String.valueOf(more), "1", String.valueOf(before)), procs,
                String.join("\n", events));
        int lowered = indexOf(events, " Gomaxprocs ", " procs=1");
        int raisedAgain = events.size() - 1 - indexOf(events.reversed(), " Gomaxprocs ", " procs=" + before);
        // between GOMAXPROCS=1 and its restoration, every goroutine runs on processor 0
        for (String l : events.subList(lowered, raisedAgain)) {
            if (l.contains(" GoStart ")) {
                assertTrue(l.contains(" p=0 "), "a goroutine started on processor 0 only: " + l);
            }
        }
    }

    @Test
    void aTimersAfterFuncGoroutineIsCreatedFromTheTimersLaneAndTheTimerThreadIsNoGoroutine() throws Exception {
        Path file = dir.resolve("afterfunc.trace");
        Chan<Long> fired = Chan.make(1);
        long fromTimer;
        try (OutputStream out = Files.newOutputStream(file)) {
            Trace.start(out);
            try {
                Time.afterFunc(Duration.ofMillis(5), () -> fired.send(Thread.currentThread().threadId()));
                fromTimer = fired.recv();
            } finally {
                Trace.stop();
            }
        }
        List<String> events = GoTool.parsedEvents(dir, file);
        String all = String.join("\n", events);
        assertTrue(events.stream().anyMatch(l -> l.contains(" GoCreate p=1000001 g=0 ") && l.endsWith(" g=" + fromTimer + " stack=" + l.replaceAll(".* stack=", ""))),
                "the afterFunc goroutine " + fromTimer + " is created from the Timers lane:\n" + all);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("go4j-timer")) {
                assertTrue(events.stream().noneMatch(l -> l.contains(" g=" + t.threadId() + " ")),
                        "the timer thread " + t.threadId() + " is no goroutine:\n" + all);
            }
        }
    }

    private static void pingPong(Chan<Integer> c) throws InterruptedException {
        Thread t = Go.go(() -> {
            for (int i = 0; i < 10; i++) {
                c.send(i);
            }
        });
        for (int i = 0; i < 10; i++) {
            c.recv();
        }
        t.join(10_000);
    }

    private static int indexOf(List<String> lines, String type, String with) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(type) && lines.get(i).contains(with)) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " with " + with + " in\n" + String.join("\n", lines));
    }
}
