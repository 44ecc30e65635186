package io.go4j.debug.deadlock;

import static io.go4j.debug.internal.deadlock.DeadlockWatcher.FATAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.debug.testing.ChildJvm;
import io.go4j.debug.testing.Exec;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The watcher never fires on a program that is not deadlocked, even when main and every other
 * goroutine are blocked in go4j and only one thing could still wake them: a busy goroutine, a
 * sleep, a timer, I/O, a thread go4j does not see, a SignalContext. Each program runs in a child
 * JVM whose rescue comes after about twenty looks of the watcher; it must end normally, and the
 * watcher must have held back for the right reason (its recorded reasons name the rescuer), so a
 * watcher that never looked would fail these tests too.
 */
class NoFalseDeadlockTest {

    private static long rescuerId(Exec.Result r) {
        Matcher m = Pattern.compile("(?m)^rescuer=(\\d+)$").matcher(r.stdout());
        assertTrue(m.find(), "the scenario printed its rescuer's id: " + r.describe());
        return Long.parseLong(m.group(1));
    }

    private static void assertSurvived(Exec.Result r) {
        assertEquals(0, r.exit(), r.describe());
        assertFalse(r.stderr().contains(FATAL), r.describe());
        assertTrue(r.stdout().contains("survived"), r.describe());
    }

    private static void assertHeldBackFor(Exec.Result r, String reason) {
        assertTrue(r.stdout().lines().anyMatch(l -> l.startsWith("reason: ") && l.contains(reason)),
                "the watcher held back because " + reason + ": " + r.describe());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "busy            | goroutine %d is running",
            "sleep           | goroutine %d sleeps",
            "process-pipe    | goroutine %d is ",
            "platform-thread | thread %d \"rescuer\" (daemon, ",
            "plain-virtual-thread | virtual thread %d \"hidden-rescuer\" is not seen by go4j",
    })
    @DisplayName("a program whose rescuer is busy, sleeping, reading a pipe or a thread go4j does not see is not reported")
    void rescuedProgramIsNotReported(String scenario, String reason) {
        Exec.Result r = ChildJvm.run(List.of(), DeadlockScenarios.class, scenario, "stub");
        assertSurvived(r);
        assertHeldBackFor(r, reason.formatted(rescuerId(r)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"timer", "timeout-select"})
    @DisplayName("a program waiting for a timer (a Timer, a Context's timeout in a select) is not reported")
    void timerWaitIsNotReported(String scenario) {
        Exec.Result r = ChildJvm.run(List.of(), DeadlockScenarios.class, scenario, "stub");
        assertSurvived(r);
        assertHeldBackFor(r, "1 timer(s) can still fire");
    }

    @Test
    @DisplayName("a goroutine blocked in a socket read keeps a program with main blocked from being reported")
    void socketReadIsNotReported() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Exec child = ChildJvm.start(List.of(), DeadlockScenarios.class, "socket-read", "stub",
                     Integer.toString(server.getLocalPort()))) {
            server.setSoTimeout((int) ChildJvm.BOUND.toMillis());
            try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                child.awaitStdout("rescuer=");
                // The observation window: the child's goroutine reads for WINDOW while main waits.
                assertFalse(child.process().waitFor(DeadlockScenarios.WINDOW.toMillis(), TimeUnit.MILLISECONDS),
                        "the child waits for the byte: " + child.result(-1).describe());
                out.write(42);
            }
            Exec.Result r = child.await();
            assertSurvived(r);
            assertHeldBackFor(r, "goroutine " + rescuerId(r) + " is blocked outside go4j");
        }
    }

    @Test
    @DisplayName("a program waiting for a SignalContext is not reported, and SIGTERM wakes it")
    void signalContextIsNotReported() throws Exception {
        try (Exec child = ChildJvm.start(List.of(), DeadlockScenarios.class, "signal-context", "stub")) {
            child.awaitStdout("ready");
            assertFalse(child.process().waitFor(DeadlockScenarios.WINDOW.toMillis(), TimeUnit.MILLISECONDS),
                    "the child waits for the signal: " + child.result(-1).describe());
            child.process().destroy();   // SIGTERM: the JVM shuts down and the context is cancelled
            Exec.Result r = child.await();
            assertEquals(143, r.exit(), r.describe());
            assertTrue(r.stdout().contains("cancelled: context canceled"), r.describe());
            assertFalse(r.stderr().contains(FATAL), r.describe());
            assertEquals("", r.stderr(), "nothing on stderr: " + r.describe());
            assertHeldBackFor(r, "1 SignalContext(s) wait for the JVM's shutdown");
        }
    }

    @Test
    @DisplayName("with -Djdk.trackAllThreads=false the JDK cannot list hidden threads, so even a real deadlock is not reported")
    void untrackedVirtualThreadsPreventReports() throws Exception {
        try (Exec child = ChildJvm.start(List.of("-Djdk.trackAllThreads=false"), DeadlockScenarios.class,
                "chan", "report")) {
            child.awaitStdout("main=");
            assertFalse(child.process().waitFor(DeadlockScenarios.WINDOW.toMillis(), TimeUnit.MILLISECONDS),
                    "the deadlocked child keeps running: " + child.result(-1).describe());
            child.process().destroy();   // SIGTERM: the scenario prints the watcher's reasons
            Exec.Result r = child.await();
            assertFalse(r.stderr().contains(FATAL), r.describe());
            assertHeldBackFor(r, "virtual threads are not tracked (-Djdk.trackAllThreads=false)");
        }
    }
}
