package io.go4j.singleflight;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.GoInterruptedException;
import io.go4j.GoroutineInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** singleflight.Group: duplicate calls for a key share one execution. */
@Timeout(60)
class GroupTest {

    @Test
    @DisplayName("a lone call runs its function and is not shared")
    void loneCallRunsAndIsNotShared() {
        Group<String, Integer> g = new Group<>();
        Group.Result<Integer> r = g.run("k", () -> 42);
        assertEquals(new Group.Result<>(42, null, false), r);
    }

    @Test
    @DisplayName("duplicate calls while one is in flight wait for it and share its result; the function runs once")
    void duplicatesShareOneExecution() throws Exception {
        Group<String, String> g = new Group<>();
        Chan<String> release = Chan.make();
        AtomicInteger executions = new AtomicInteger();
        ConcurrentLinkedQueue<Group.Result<String>> results = new ConcurrentLinkedQueue<>();
        int callers = 10;
        List<Thread> threads = new ArrayList<>();
        threads.add(Go.go(() -> results.add(g.run("k", () -> {
            executions.incrementAndGet();
            return release.recv();
        }))));
        awaitWaiting(threads, 1);   // the first caller is inside its function, blocked on release
        for (int i = 1; i < callers; i++) {
            threads.add(Go.go(() -> results.add(g.run("k", () -> {
                executions.incrementAndGet();
                return "not me";
            }))));
        }
        awaitWaiting(threads, callers);   // every duplicate is waiting for the call in flight
        release.send("v");
        for (Thread t : threads) {
            assertTrue(t.join(Duration.ofSeconds(10)));
        }
        assertEquals(1, executions.get());
        assertEquals(callers, results.size());
        for (Group.Result<String> r : results) {
            assertEquals(new Group.Result<>("v", null, true), r);
        }
    }

    @Test
    @DisplayName("an exception thrown by the function is every sharing caller's error")
    void exceptionIsTheError() {
        Group<String, Integer> g = new Group<>();
        IllegalStateException boom = new IllegalStateException("boom");
        Group.Result<Integer> r = g.run("k", () -> {
            throw boom;
        });
        assertNull(r.value());
        assertSame(boom, r.error());
    }

    @Test
    @DisplayName("an Error thrown by the function (Go's panic) is rethrown in the caller")
    void errorIsRethrown() {
        Group<String, Integer> g = new Group<>();
        AssertionError panic = new AssertionError("panic");
        assertSame(panic, assertThrows(AssertionError.class, () -> g.run("k", () -> {
            throw panic;
        })));
        assertEquals(7, g.run("k", () -> 7).value(), "the key is free again after a panic");
    }

    @Test
    @DisplayName("after forget, a call for the key runs its function instead of waiting")
    void forgetStartsANewCall() throws Exception {
        Group<String, String> g = new Group<>();
        Chan<String> release = Chan.make();
        Thread first = Go.go(() -> g.run("k", release::recv));
        awaitWaiting(List.of(first), 1);
        g.forget("k");
        assertEquals(new Group.Result<>("fresh", null, false), g.run("k", () -> "fresh"));
        release.send("old");
        assertTrue(first.join(Duration.ofSeconds(10)));
    }

    @Test
    @DisplayName("runChan delivers the result on a channel")
    void runChanDelivers() {
        Group<String, Integer> g = new Group<>();
        assertEquals(5, g.runChan("k", () -> 5).recv().value());
    }

    @Test
    @DisplayName("an interrupted waiting caller gets GoInterruptedException; the call goes on for the others")
    void interruptedWaiterLeavesTheCallRunning() throws Exception {
        Group<String, String> g = new Group<>();
        Chan<String> release = Chan.make();
        Chan<Group.Result<String>> ownerResult = Chan.make(1);
        Thread owner = Go.go(() -> ownerResult.send(g.run("k", release::recv)));
        awaitWaiting(List.of(owner), 1);
        Chan<Boolean> interrupted = Chan.make(1);
        Thread waiter = Go.go(() -> {
            try {
                g.run("k", () -> "unused");
                interrupted.send(false);
            } catch (GoInterruptedException e) {
                interrupted.send(Thread.currentThread().isInterrupted());
            }
        });
        awaitWaiting(List.of(owner, waiter), 2);
        waiter.interrupt();
        assertTrue(interrupted.recv(), "GoInterruptedException with the interrupt flag set");
        release.send("v");
        assertEquals(new Group.Result<>("v", null, true), ownerResult.recv());
    }

    /** Waits, boundedly, until at least {@code n} of {@code threads} are parked in a channel receive. */
    private static void awaitWaiting(List<Thread> threads, int n) throws InterruptedException {
        Set<Long> ids = threads.stream().map(Thread::threadId).collect(Collectors.toSet());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            long waiting = Go.goroutines().stream()
                    .filter(i -> ids.contains(i.id()))
                    .map(GoroutineInfo::waitReason)
                    .filter("chan receive"::equals)
                    .count();
            if (waiting >= n) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "only " + waiting + " of " + n + " callers waiting");
            Thread.onSpinWait();
        }
    }
}
