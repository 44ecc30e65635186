package io.go4j;

import static io.go4j.TestSupport.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Registry;
import io.go4j.internal.runtime.WaitReason;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Threads that {@code go()} did not start (main, platform threads, plain virtual threads) are
 * seen when they wait in a go4j primitive, as Go sees main: a deadlock involving main must be
 * detectable. They are adopted (given a record) on their first wait, are not counted by
 * {@link Go#numGoroutine()}, and are forgotten when they end. A goroutine whose uncaught-exception
 * handler the application replaced keeps its wait reasons, and its panics go to that handler.
 */
class AdoptedThreadsTest {

    /**
     * Run in a child JVM: the real main thread blocks in a channel receive; a goroutine waits
     * (bounded) until it sees main's adopted record waiting there, prints what it saw, and lets
     * main go.
     */
    public static void main(String[] args) {
        Chan<Integer> release = Chan.make();
        Thread main = Thread.currentThread();
        Go.go(() -> {
            long deadline = System.nanoTime() + TestSupport.LONG.toNanos();
            while (System.nanoTime() - deadline < 0) {
                for (Goroutine g : Registry.snapshotWithAdopted()) {
                    if (g.thread() == main && g.waitReason() == WaitReason.CHAN_RECEIVE
                            && g.waitBlocker() == Chan.implOf(release)) {
                        System.out.println("main seen: adopted=" + g.adopted() + " [" + g.waitReason()
                                + "] numGoroutine=" + Go.numGoroutine());
                        release.send(1);
                        return;
                    }
                }
                Thread.onSpinWait();
            }
            System.out.println("main never seen waiting");
            release.send(0);
        });
        release.recv();
    }

    @Test
    @DisplayName("the main thread blocked in a channel receive is seen waiting, with its channel, and is not counted")
    void theMainThreadIsSeenWaiting() {
        TestSupport.Child r = TestSupport.runJava(java.util.List.of(), AdoptedThreadsTest.class);
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("main seen: adopted=true [chan receive] numGoroutine=1\n", r.stdout());
    }

    @AfterEach
    void reap() {
        TestSupport.reap();
    }

    private static Goroutine recordOf(Thread t) {
        for (Goroutine g : Registry.snapshotWithAdopted()) {
            if (g.thread() == t) {
                return g;
            }
        }
        return null;
    }

    private static void assertSeenWaitingThenForgotten(Thread.Builder builder) throws Exception {
        Chan<Integer> ch = Chan.make();
        Thread t = builder.start(ch::recv);
        awaitCondition("the thread is seen waiting in chan receive", () -> {
            Goroutine g = recordOf(t);
            return g != null && g.waitReason() == WaitReason.CHAN_RECEIVE;
        });
        Goroutine g = recordOf(t);
        assertTrue(g.adopted());
        assertEquals(Goroutine.NO_CREATOR, g.creatorId());
        assertSame(Chan.implOf(ch), g.waitBlocker());
        assertFalse(Go.goroutines().stream().anyMatch(i -> i.id() == t.threadId()),
                "Go.goroutines() lists goroutines started by go() only");
        ch.send(1);
        TestSupport.join(t, "adopted thread");
        awaitCondition("an ended thread is forgotten", () -> recordOf(t) == null);
    }

    @Test
    @DisplayName("a platform thread blocked in a channel receive is seen waiting, then forgotten when it ends")
    void aPlatformThreadIsAdoptedWhenItWaits() throws Exception {
        assertSeenWaitingThenForgotten(Thread.ofPlatform().name("platform-receiver"));
    }

    @Test
    @DisplayName("a plain virtual thread blocked in a channel receive is seen waiting, then forgotten when it ends")
    void aPlainVirtualThreadIsAdoptedWhenItWaits() throws Exception {
        assertSeenWaitingThenForgotten(Thread.ofVirtual().name("plain-virtual-receiver"));
    }

    @Test
    @DisplayName("a thread that never waits in go4j gets no record")
    void aThreadThatNeverWaitsIsNotAdopted() throws Exception {
        Chan<Integer> ch = Chan.make(1);
        Thread t = Thread.ofPlatform().start(() -> ch.send(1));
        TestSupport.join(t, "sender");
        assertEquals(null, recordOf(t));
    }

    @Test
    @DisplayName("a goroutine whose handler the application replaced still records its waits, under its own record")
    void aReplacedHandlerKeepsWaitReasons() {
        Chan<Integer> ch = Chan.make();
        TestSupport.Call<Void> c = TestSupport.goRun("own handler", () -> {
            Thread.currentThread().setUncaughtExceptionHandler((t, e) -> { });
            ch.recv();
        });
        awaitCondition("the goroutine is seen waiting", () -> {
            Goroutine g = recordOf(c.thread);
            return g != null && g.waitReason() == WaitReason.CHAN_RECEIVE;
        });
        Goroutine g = recordOf(c.thread);
        assertFalse(g.adopted(), "it is still the goroutine go() started, not an adopted copy");
        assertEquals(1, Registry.snapshotWithAdopted().stream().filter(r -> r.thread() == c.thread).count());
        ch.send(1);
        c.await();
    }

    @Test
    @DisplayName("a goroutine's panic goes to the handler the application installed on its thread")
    void aReplacedHandlerReceivesThePanic() throws Exception {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        Go.go(() -> {
            Thread.currentThread().setUncaughtExceptionHandler((t, e) -> seen.complete(e));
            throw new IllegalStateException("boom");
        });
        Throwable e = seen.get(TestSupport.LONG.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(e);
        assertEquals("boom", e.getMessage());
    }
}
