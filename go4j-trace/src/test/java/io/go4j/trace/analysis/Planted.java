package io.go4j.trace.analysis;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.Select;
import io.go4j.sync.Mutex;
import io.go4j.time.Time;
import java.time.Duration;
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
        /** Runs it; returns what to do once the trace has stopped (release a leak), or null. */
        Runnable run() throws Exception;
    }

    private Planted() {}

    /** Records {@code program} with go4j-trace into {@code dir/name.trace}. */
    static Path record(Path dir, String name, Program program) throws Exception {
        Path file = dir.resolve(name + ".trace");
        try (OutputStream out = Files.newOutputStream(file)) {
            Runnable after = null;
            Trace.start(out);
            try {
                after = program.run();
            } finally {
                Trace.stop();
                if (after != null) {
                    after.run();
                }
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

    static Runnable cleanPipeline() throws InterruptedException {
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
        return null;
    }

    /** Waits (bounded) until every one of {@code threads} is parked in a go4j wait. */
    static void awaitParked(List<Thread> threads) throws InterruptedException {
        awaitParked(threads, threads.size());
    }

    /** Waits (bounded) until {@code count} reaches {@code n}, then until {@code t} is parked. */
    static void awaitParkedAfter(Thread t, java.util.concurrent.atomic.AtomicInteger count, int n)
            throws InterruptedException {
        long deadline = System.nanoTime() + JOIN_MS * 1_000_000;
        while (count.get() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("count " + count.get() + " of " + n + " after " + JOIN_MS + " ms");
            }
            Thread.sleep(1);   // polling a state, not waiting for time to pass
        }
        awaitParked(List.of(t));
    }

    /** Waits (bounded) until {@code n} of {@code threads} are parked in a go4j wait. */
    static void awaitParked(List<Thread> threads, int n) throws InterruptedException {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        threads.forEach(t -> ids.add(t.threadId()));
        long deadline = System.nanoTime() + JOIN_MS * 1_000_000;
        while (true) {
            long parked = Go.goroutines().stream().filter(g -> ids.contains(g.id()) && g.waitReason() != null).count();
            if (parked >= n) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(parked + " of " + n + " goroutines parked after " + JOIN_MS + " ms");
            }
            Thread.sleep(1);   // polling a state, not waiting for time to pass
        }
    }

    // ---------------------------------------------------------------------------------------
    // lock-convoy: goroutines share one mutex and sleep while holding it

    static final int CONVOY_GOROUTINES = 6;
    static final int CONVOY_ROUNDS = 30;

    static Runnable lockConvoy() throws InterruptedException {
        Mutex shared = new Mutex();
        return convoyShape(i -> shared);
    }

    /** The clean twin: the same loop, each goroutine with its own mutex. */
    static Runnable ownLocks() throws InterruptedException {
        Mutex[] own = new Mutex[CONVOY_GOROUTINES];
        for (int i = 0; i < own.length; i++) {
            own[i] = new Mutex();
        }
        return convoyShape(i -> own[i]);
    }

    private static Runnable convoyShape(java.util.function.IntFunction<Mutex> lockOf) throws InterruptedException {
        List<Thread> gs = new ArrayList<>();
        Chan<Integer> go = Chan.make();
        long[] counter = new long[CONVOY_GOROUTINES];
        for (int i = 0; i < CONVOY_GOROUTINES; i++) {
            int me = i;
            Mutex mu = lockOf.apply(i);
            gs.add(Go.go(() -> {
                go.recv();   // all start together
                for (int r = 0; r < CONVOY_ROUNDS; r++) {
                    mu.lock();
                    try {
                        counter[me]++;
                        // The holder parks with the lock held (the convoy's cause: a wait in the
                        // critical section), so every other goroutine reaches the lock and blocks.
                        Time.sleep(Duration.ofNanos(200_000));
                    } finally {
                        mu.unlock();
                    }
                }
            }));
        }
        awaitParked(gs);
        go.close();
        join(gs);
        return null;
    }

    // ---------------------------------------------------------------------------------------
    // leak-in-the-making: a producer exits without closing; its consumer waits forever

    static Runnable leakingConsumer() throws InterruptedException {
        return producerConsumer(false);
    }

    /** The clean twin: the producer closes the channel before it exits. */
    static Runnable closingProducer() throws InterruptedException {
        return producerConsumer(true);
    }

    private static Runnable producerConsumer(boolean closes) throws InterruptedException {
        Chan<Integer> ch = Chan.make();
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        Thread consumer = Go.go(() -> {
            for (Integer v : ch) {
                received.incrementAndGet();
            }
        });
        Thread producer = Go.go(() -> {
            try {
                for (int i = 0; i < 5; i++) {
                    // The consumer is parked again before each send, so that the send wakes it (a
                    // consumer that recorded its block but had not parked yet would be woken
                    // without a waker, from the Timers lane: the rule needs the waker). Parked
                    // "again": after it counted the last value, as a wait reason read before
                    // that may be the previous park's, not yet cleared.
                    awaitParkedAfter(consumer, received, i);
                    ch.send(i);
                }
                awaitParkedAfter(consumer, received, 5);   // back on the channel before the producer ends
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (closes) {
                ch.close();
            }
        });
        join(List.of(producer));
        if (closes) {
            join(List.of(consumer));
            return null;
        }
        return () -> {   // after the trace: release the leak
            ch.close();
            try {
                join(List.of(consumer));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        };
    }

    // ---------------------------------------------------------------------------------------
    // select-starved: a priority select keeps taking a case whose buffer never empties

    static final int BUSY_SENDERS = 30;

    static Runnable starvedSelect() throws InterruptedException {
        return prioritySelect(false);
    }

    /** The clean twin: the same select, the priority on the other case. */
    static Runnable servedSelect() throws InterruptedException {
        return prioritySelect(true);
    }

    private static Runnable prioritySelect(boolean lowFirst) throws InterruptedException {
        Chan<Integer> busy = Chan.make(1);
        Chan<Integer> rare = Chan.make();
        List<Thread> senders = new ArrayList<>();
        Thread rareSender = Go.go(() -> rare.send(-1));
        senders.add(rareSender);
        for (int i = 0; i < BUSY_SENDERS; i++) {
            int v = i;
            senders.add(Go.go(() -> busy.send(v)));
        }
        // The buffer holds one value and 29 senders wait: each receive moves a waiting sender's
        // value into the buffer (Go's chan.go), so the busy case stays ready for 30 receives.
        awaitParked(List.of(rareSender));
        awaitParked(senders.subList(1, senders.size()), BUSY_SENDERS - 1);
        Thread selector = Go.go(() -> {
            Chan<Integer> first = lowFirst ? rare : busy;
            Chan<Integer> second = lowFirst ? busy : rare;
            for (int n = 0; n < BUSY_SENDERS + 1; n++) {
                Integer got = Select.select(Select.recv(first), Select.defaultCase(() -> null));
                if (got == null) {
                    Select.select(Select.recv(first), Select.recv(second));
                }
            }
        });
        senders.add(selector);
        join(senders);
        return null;
    }

    // ---------------------------------------------------------------------------------------
    // slow-start-after-wake: a goroutine is woken while every carrier spins

    static final long SPIN_NANOS = 1_000_000_000L;   // five times the rule's 200 ms

    static Runnable wakeDuringSpin() throws InterruptedException {
        return wake(true);
    }

    /** The clean twin: the same wake-up, no spinners. */
    static Runnable wakeWhenIdle() throws InterruptedException {
        return wake(false);
    }

    private static Runnable wake(boolean spin) throws InterruptedException {
        Chan<Integer> wake = Chan.make();
        Thread waiter = Go.go(() -> {
            wake.recv();
        });
        awaitParked(List.of(waiter));
        List<Thread> spinners = new ArrayList<>();
        if (spin) {
            java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(Go.maxProcs());
            for (int i = 0; i < Go.maxProcs(); i++) {
                spinners.add(Go.go(() -> {
                    running.countDown();
                    long until = System.nanoTime() + SPIN_NANOS;
                    long x = 0;
                    while (System.nanoTime() < until) {
                        x++;   // a carrier busy, never parking
                    }
                    if (x < 0) {
                        throw new AssertionError();
                    }
                }));
            }
            if (!running.await(JOIN_MS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the spinners did not start");
            }
        }
        wake.send(1);   // from this (platform) thread: the waiter is runnable, every carrier is busy
        spinners.add(waiter);
        join(spinners);
        return null;
    }

    // ---------------------------------------------------------------------------------------
    // timer-storm: goroutines polling with short sleeps

    static final int POLLERS = 50;
    static final int POLLS = 10;

    static Runnable sleepyPollers() throws InterruptedException {
        List<Thread> gs = new ArrayList<>();
        for (int i = 0; i < POLLERS; i++) {
            gs.add(Go.go(() -> {
                for (int r = 0; r < POLLS; r++) {
                    Time.sleep(Duration.ofMillis(1));
                }
            }));
        }
        join(gs);
        return null;
    }

    /** The clean twin: the same goroutines, woken by a channel instead of a timer. */
    static Runnable channelPollers() throws InterruptedException {
        List<Thread> gs = new ArrayList<>();
        Chan<Integer> tick = Chan.make();
        for (int i = 0; i < POLLERS; i++) {
            gs.add(Go.go(() -> {
                for (int r = 0; r < POLLS; r++) {
                    tick.recv();
                }
            }));
        }
        for (int i = 0; i < POLLERS * POLLS; i++) {
            tick.send(i);
        }
        join(gs);
        return null;
    }

    // ---------------------------------------------------------------------------------------
    // goroutine-explosion: goroutines started faster than they end

    static final int SPAWNED = 1500;

    static Runnable explosion() throws InterruptedException {
        Chan<Integer> done = Chan.make();
        List<Thread> gs = new ArrayList<>();
        for (int i = 0; i < SPAWNED; i++) {
            gs.add(Go.go(() -> {
                done.recv();
            }));
        }
        done.close();
        join(gs);
        return null;
    }

    /** The clean twin: as many goroutines, ten at a time. */
    static Runnable boundedSpawning() throws InterruptedException {
        for (int batch = 0; batch < SPAWNED / 10; batch++) {
            Chan<Integer> done = Chan.make();
            List<Thread> gs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                gs.add(Go.go(() -> {
                    done.recv();
                }));
            }
            done.close();
            join(gs);
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------
    // An orphaned child (the joins on creator): a goroutine waits on a channel that only its
    // creator serves, and its creator ends; another goroutine ends meanwhile in both programs

    static Runnable orphanedChild() throws InterruptedException {
        return parentAndChild(false);
    }

    /** The twin: the creator stays alive (it serves the child after the trace). */
    static Runnable childOfALiveParent() throws InterruptedException {
        return parentAndChild(true);
    }

    private static Runnable parentAndChild(boolean parentStays) throws InterruptedException {
        Chan<Integer> toChild = Chan.make();
        Chan<Integer> later = Chan.make();
        Thread[] child = new Thread[1];
        Thread parent = Go.go(() -> {
            try {
                child[0] = Go.go(() -> {
                    toChild.recv();
                });
                awaitParked(List.of(child[0]));
                join(List.of(Go.go(() -> {})));   // an unrelated goroutine ends while the child waits
                if (parentStays) {
                    later.recv();                  // alive, blocked, when the trace stops
                    toChild.send(1);
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        if (parentStays) {
            awaitParked(List.of(parent));
        } else {
            join(List.of(parent));
        }
        return () -> {   // after the trace: release the child (and the parent)
            try {
                if (parentStays) {
                    later.send(0);
                } else {
                    toChild.close();
                }
                join(List.of(parent, child[0]));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        };
    }
}
