package io.go4j.trace;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.debug.Deadlocks;
import io.go4j.trace.testing.GoTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running flight recorder saves its window when go4j-debug's deadlock watcher reports a
 * deadlock: a planted deadlock in a child JVM ({@link #main}) ends with Go's report, whose last
 * line names the trace file, and that file shows the deadlocked goroutines blocked.
 */
class DeadlockSnapshotTest {
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aDeadlockWithAFlightRecorderOnLeavesATraceOfTheGoroutinesBlocked() throws Exception {
        Path snapshots = dir.resolve("snapshots");
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), DeadlockSnapshotTest.class.getName(), snapshots.toString()));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("the child did not end in " + BOUND + ": " + Files.readString(err, UTF_8));
        }
        String stdout = Files.readString(out, UTF_8);
        String stderr = Files.readString(err, UTF_8);
        String describe = "exit " + p.exitValue() + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        assertEquals(2, p.exitValue(), describe);
        assertTrue(stderr.startsWith("fatal error: all goroutines are asleep - deadlock!"), describe);
        Matcher m = Pattern.compile("go4j-trace: the flight recorder's recent past is in (\\S+) ").matcher(stderr);
        assertTrue(m.find(), "the report names the trace file: " + describe);
        Path trace = Path.of(m.group(1));
        assertEquals(snapshots, trace.getParent(), "the file is where the recorder was told");

        List<String> events = GoTool.parsedEvents(dir, trace);
        for (String name : List.of("left", "right", "main")) {
            Matcher id = Pattern.compile("(?m)^" + name + "=(\\d+)$").matcher(stdout);
            assertTrue(id.find(), "the child printed " + name + "'s id: " + describe);
            String g = " g=" + id.group(1) + " ";
            int block = lastIndexOf(events, g, " GoBlockRecv ");
            assertTrue(block >= 0, name + " is shown blocked receiving:\n" + String.join("\n", events));
            int after = lastIndexOf(events, "g=" + id.group(1) + " seq=", " GoUnblock ");
            assertTrue(after < block, name + " is never unblocked after its last block");
        }
    }

    private static int lastIndexOf(List<String> events, String with, String type) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).contains(type) && events.get(i).contains(with)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The child: a flight recorder saving to {@code args[0]} on a deadlock, go4j-debug's watcher
     * in exit mode, and three goroutines (main included) that each wait for a message no one
     * sends after some traffic.
     *
     * @param args the snapshot directory
     * @throws Exception if the plant fails
     */
    public static void main(String[] args) throws Exception {
        new FlightRecorder(Duration.ofSeconds(5), 0).snapshotOnDeadlock(Path.of(args[0])).start();
        Deadlocks.start(Deadlocks.Options.defaults().withInterval(Duration.ofMillis(50)));
        Chan<Integer> left = Chan.make();
        Chan<Integer> right = Chan.make();
        Chan<Integer> never = Chan.make();
        Thread l = Go.go(() -> {
            for (int i = 0; i < 100; i++) {
                right.send(left.recv());
            }
            left.recv();   // no one sends a 101st
        });
        Thread r = Go.go(() -> {
            for (int i = 0; i < 100; i++) {
                left.send(i);
                right.recv();
            }
            right.recv();
        });
        System.out.println("left=" + l.threadId());
        System.out.println("right=" + r.threadId());
        System.out.println("main=" + Thread.currentThread().threadId());
        System.out.flush();
        never.recv();
        System.out.println("survived");
    }
}
