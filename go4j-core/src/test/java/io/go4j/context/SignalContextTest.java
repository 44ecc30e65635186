package io.go4j.context;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.go4j.TestSupport.LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SignalContext: Go's signal.NotifyContext on JVM shutdown hooks, checked in a child JVM. */
class SignalContextTest {

    @Test
    @DisplayName("SIGTERM cancels the context; the JVM waits for registered work, then exits")
    void sigtermCancelsAndWaitsForWork() throws Exception {
        Process p = startChild();
        BufferedReader out = reader(p);
        assertEquals("ready", out.readLine());
        sigterm(p);
        assertTrue(p.waitFor(LONG.toMillis(), TimeUnit.MILLISECONDS), "child exited");
        List<String> rest = lines(out);
        assertEquals(List.of(
                "draining: context canceled (JVM shutdown started (signal, System.exit or last thread ended))",
                "work finished"), rest);
        assertEquals(143, p.exitValue(), "128 + SIGTERM");
    }

    @Test
    @DisplayName("work never finished cannot keep the JVM alive past the grace period")
    void gracePeriodBoundsTheWait() throws Exception {
        Process p = startChild("stuck");
        BufferedReader out = reader(p);
        assertEquals("ready", out.readLine());
        long start = System.nanoTime();
        sigterm(p);
        assertTrue(p.waitFor(LONG.toMillis(), TimeUnit.MILLISECONDS), "child exited");
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos(), "it waited for the grace period");
        assertTrue(lines(out).getFirst().startsWith("draining: context canceled"));
        assertEquals(143, p.exitValue());
    }

    @Test
    @DisplayName("cancel stops listening: the context is cancelled, nothing is left registered")
    @SuppressWarnings("LostCancel")   // deliberate: the child is cancelled through its parent, which the test checks
    void cancelUnregisters() {
        SignalContext ctx = SignalContext.notifyContext(Context.withValue(Context.background(), "k", "v"));
        CancelContext child = Context.withCancel(ctx);
        assertEquals("v", child.value("k"));
        assertEquals(1, ((CancelCtx) ctx.inner).childCount(), "a derived context is an ordinary child");
        assertNull(ctx.err());
        ctx.cancel();
        ctx.cancel();
        assertSame(Canceled.INSTANCE, ctx.err());
        assertSame(Canceled.INSTANCE, child.err());
        assertThrows(IllegalArgumentException.class,
                () -> SignalContext.notifyContext(Context.background(), Duration.ofSeconds(-1)));
    }

    private static Process startChild(String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                SignalContextMain.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * Sends SIGTERM as Process.destroy() does, through the ProcessHandle: Process.destroy()
     * also closes our end of the child's output, which the test still has to read.
     */
    private static void sigterm(Process p) {
        assertTrue(p.toHandle().destroy(), "SIGTERM sent");
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private static List<String> lines(BufferedReader r) throws IOException {
        List<String> all = new ArrayList<>();
        for (String line; (line = r.readLine()) != null; ) {
            all.add(line);
        }
        return all;
    }
}
