package io.go4j.singleflight;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.GoInterruptedException;
import io.go4j.RecvChan;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static io.go4j.TestSupport.awaitCondition;
import static io.go4j.TestSupport.completes;
import static io.go4j.TestSupport.panicsDuring;
import static io.go4j.TestSupport.waitReasonOf;
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
    @DisplayName("runChan whose function throws an Error delivers a result carrying it and reports the panic")
    void runChanDeliversAPanic() {
        Group<String, Integer> g = new Group<>();
        AssertionError panic = new AssertionError("panic");
        List<Group.Result<Integer>> results = new ArrayList<>();
        List<Throwable> reported = panicsDuring(() -> results.add(completes("receive runChan's result", g.runChan("k", () -> {
            throw panic;
        })::recv)));
        Group.Result<Integer> r = results.get(0);
        assertNull(r.value());
        assertInstanceOf(ExecutionException.class, r.error());
        assertSame(panic, r.error().getCause());
        assertFalse(r.shared());
        assertEquals(List.of(panic), reported, "reported once, as the panic of the goroutine that ran the function");
        assertEquals(7, g.run("k", () -> 7).value(), "the key is free again after a panic");
    }

    @Test
    @DisplayName("every runChan caller sharing a call whose function throws an Error gets a result; the panic is reported once")
    void runChanSharersAllGetThePanic() throws Exception {
        Group<String, Integer> g = new Group<>();
        AssertionError panic = new AssertionError("panic");
        Chan<Boolean> release = Chan.make();
        List<Group.Result<Integer>> results = new ArrayList<>();
        List<Throwable> reported = panicsDuring(() -> {
            List<RecvChan<Group.Result<Integer>>> outs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                outs.add(g.runChan("k", () -> {
                    release.recv();
                    throw panic;
                }));
            }
            awaitRunChanCallers(3);   // the one running the function, and two sharing it
            release.send(true);
            for (RecvChan<Group.Result<Integer>> out : outs) {
                results.add(completes("receive runChan's result", out::recv));
            }
        });
        for (Group.Result<Integer> r : results) {
            assertSame(panic, assertInstanceOf(ExecutionException.class, r.error()).getCause());
            assertTrue(r.shared());
        }
        assertEquals(3, results.stream().map(Group.Result::error).distinct().count(), "one wrapper per receiver");
        assertEquals(List.of(panic), reported);
    }

    @Test
    @DisplayName("a runChan caller sharing a run caller's call whose function throws an Error gets a result")
    void runChanSharingARunCallerGetsThePanic() throws Exception {
        Group<String, Integer> g = new Group<>();
        AssertionError panic = new AssertionError("panic");
        Chan<Boolean> release = Chan.make();
        Chan<Throwable> thrownToRun = Chan.make(1);
        List<Throwable> reported = panicsDuring(() -> {
            Thread runner = Go.go(() -> {
                try {
                    g.run("k", () -> {
                        release.recv();
                        throw panic;
                    });
                    thrownToRun.send(new AssertionError("run returned"));
                } catch (AssertionError e) {
                    thrownToRun.send(e);
                }
            });
            awaitWaiting(List.of(runner), 1);
            RecvChan<Group.Result<Integer>> out = g.runChan("k", () -> 0);
            awaitRunChanCallers(1);
            release.send(true);
            Group.Result<Integer> r = completes("receive runChan's result", out::recv);
            assertSame(panic, assertInstanceOf(ExecutionException.class, r.error()).getCause());
            assertTrue(r.shared());
            assertSame(panic, completes("receive what run threw", thrownToRun::recv));
        });
        assertEquals(List.of(), reported, "the Error went to the run caller that ran the function");
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

    /** Waits (bounded) until at least {@code n} of {@code threads} are parked in a channel receive. */
    private static void awaitWaiting(List<Thread> threads, int n) {
        awaitCondition(n + " of the callers wait in a channel receive",
                () -> threads.stream().filter(t -> "chan receive".equals(waitReasonOf(t))).count() >= n);
    }

    /** Waits (bounded) until {@code n} goroutines started by runChan are parked in a channel receive. */
    private static void awaitRunChanCallers(int n) {
        awaitCondition(n + " runChan callers wait in a channel receive",
                () -> Go.goroutines().stream()
                        .filter(i -> i.createdBy() != null && i.createdBy().getClassName().equals(Group.class.getName())
                                && i.createdBy().getMethodName().equals("runChan"))
                        .filter(i -> "chan receive".equals(i.waitReason()))
                        .count() >= n);
    }
}
