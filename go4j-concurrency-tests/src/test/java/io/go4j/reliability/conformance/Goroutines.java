package io.go4j.reliability.conformance;

import static io.go4j.reliability.TestSupport.LONG;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.Go;
import io.go4j.GoroutineInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;

/**
 * Goroutines is the set of goroutines one conformance test starts. It keeps every exception a
 * goroutine throws (none is lost: {@link #awaitAll()} rethrows them), waits for all of them with
 * a bound, and checks through the goroutine registry ({@link Go#goroutines()}) that none is left
 * behind, as Go's tests check that a program tears down cleanly.
 *
 * <p>Use one per test, in try-with-resources: {@link #close()} interrupts any goroutine still
 * alive (a failed test must not leave goroutines parked behind it) and ignores what they throw.
 */
final class Goroutines implements AutoCloseable {

    /** A goroutine body that may throw anything. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private final String name;
    private final Set<Thread> started = ConcurrentHashMap.newKeySet();
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

    Goroutines(String name) {
        this.name = name;
    }

    /** Starts {@code body} in a goroutine named after this group and {@code what}. */
    Thread go(String what, Body body) {
        Thread t = Go.go(name + ": " + what, () -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        started.add(t);
        return t;
    }

    /** Returns how many goroutines this group has started. */
    int size() {
        return started.size();
    }

    /**
     * Waits (bounded) for every goroutine of the group to end, checks that the registry lists
     * none of them any more, and rethrows what they threw: the first as the failure, the others
     * suppressed. A goroutine's failure is reported as soon as it is seen, without waiting for
     * the others (which may be blocked for good because of it).
     */
    void awaitAll() {
        boolean ended = joinAll(LONG);
        rethrow();
        if (!ended) {
            fail(name + ": goroutines still running after " + LONG + ": " + describeAlive());
        }
        List<GoroutineInfo> left = listed();
        if (!left.isEmpty()) {
            fail(name + ": ended goroutines still listed by Go.goroutines(): " + left);
        }
    }

    /** Rethrows the first exception a goroutine of the group threw, if any. */
    void rethrow() {
        Throwable first = failures.peek();
        if (first == null) {
            return;
        }
        AssertionFailedError e = new AssertionFailedError(
                name + ": a goroutine threw " + first, first);
        failures.stream().skip(1).forEach(e::addSuppressed);
        throw e;
    }

    /** Interrupts the goroutines still alive and waits (bounded) for them; never fails. */
    @Override
    public void close() {
        for (Thread t : started) {
            if (t.isAlive()) {
                t.interrupt();
            }
        }
        try {
            join(LONG, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Joins every goroutine before the deadline, or until one has failed; returns whether all ended. */
    private boolean joinAll(Duration bound) {
        try {
            return join(bound, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(name + ": interrupted while waiting for goroutines: " + describeAlive());
        }
    }

    /**
     * Joins every goroutine before the deadline; returns whether all ended. Goroutines may start
     * more goroutines of the group, so it repeats until a pass finds no new ones. With
     * {@code stopOnFailure}, returns false as soon as a goroutine has failed.
     */
    private boolean join(Duration bound, boolean stopOnFailure) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        List<Thread> joined;
        do {
            joined = new ArrayList<>(started);
            for (Thread t : joined) {
                while (!t.join(Duration.ofMillis(50))) {
                    if (System.nanoTime() - deadline > 0 || (stopOnFailure && !failures.isEmpty())) {
                        return false;
                    }
                }
            }
        } while (joined.size() != started.size());
        return true;
    }

    /** The registry's entries for this group's goroutines. */
    private List<GoroutineInfo> listed() {
        Set<Long> ids = started.stream().map(Thread::threadId).collect(Collectors.toSet());
        List<GoroutineInfo> out = new ArrayList<>();
        for (GoroutineInfo g : Go.goroutines()) {
            if (ids.contains(g.id())) {
                out.add(g);
            }
        }
        return out;
    }

    /** The still-running goroutines of the group with their status, and the stacks of the first few (a goroutine dump). */
    private String describeAlive() {
        List<String> alive = new ArrayList<>();
        StringBuilder stacks = new StringBuilder();
        int dumped = 0;
        for (GoroutineInfo g : listed()) {
            if (alive.size() == 20) {
                alive.add("...");
                break;
            }
            alive.add(g.name() + " [" + g.status() + "]");
            for (Thread t : started) {
                if (t.threadId() == g.id() && dumped < 8) {
                    dumped++;
                    stacks.append("\n\ngoroutine ").append(g.id()).append(" [").append(g.status()).append("]: ").append(g.name());
                    for (StackTraceElement e : t.getStackTrace()) {
                        stacks.append("\n\tat ").append(e);
                    }
                }
            }
        }
        return alive + stacks.toString();
    }
}
