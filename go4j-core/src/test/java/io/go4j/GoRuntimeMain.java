package io.go4j;

import static io.go4j.Go.go;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * GoRuntimeMain is the child process of GoRuntimeTest, for what only a whole JVM shows: how the
 * program ends, and scheduling with a single carrier thread. The argument picks the scenario.
 */
public final class GoRuntimeMain {
    private GoRuntimeMain() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "goexit-main" -> goexitMain();
            case "goexit-goroutine" -> goexitGoroutine();
            case "one-carrier" -> oneCarrier();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /**
     * Main calls goexit: its finally block runs, a goroutine keeps running after main has ended,
     * then the program dies as Go's does when no goroutine is left.
     */
    private static void goexitMain() {
        Chan<Empty> mainEnded = Chan.make();
        go(() -> {
            mainEnded.recv();
            // Long enough for a JVM that ended with main to have killed this daemon thread.
            Thread.sleep(300);
            System.out.println("goroutine ran after main's goexit");
        });
        try {
            Go.goexit();
            System.out.println("main went on after goexit");
        } finally {
            System.out.println("main's finally ran");
            mainEnded.close();
        }
        System.out.println("main returned");
    }

    /** A goroutine calls goexit, run with -Dgo4j.panic=exit: the program goes on. */
    private static void goexitGoroutine() throws InterruptedException {
        Thread t = go(Go::goexit);
        t.join();
        System.out.println("survived");
    }

    /**
     * With one carrier thread, a goroutine that never blocks keeps it (no preemption), until it
     * gives up after a while; one that calls gosched lets a goroutine queued on that carrier run.
     */
    private static void oneCarrier() throws InterruptedException {
        System.out.println("spin, other started by main: " + spinWhileAnotherGoroutineWaits(false, false, 300));
        System.out.println("spin, other started by the spinner: " + spinWhileAnotherGoroutineWaits(false, true, 300));
        System.out.println("gosched, other started by the spinner: " + spinWhileAnotherGoroutineWaits(true, true, 10_000));
    }

    /**
     * Starts a goroutine that spins (calling gosched or not) until another goroutine has run or
     * {@code millis} have passed; the other goroutine is started by main once the spinner spins
     * (so it waits in the scheduler's shared queue), or by the spinner itself (so it waits in
     * the carrier's local queue).
     */
    private static String spinWhileAnotherGoroutineWaits(boolean gosched, boolean startedBySpinner, long millis)
            throws InterruptedException {
        AtomicBoolean spinning = new AtomicBoolean();
        AtomicBoolean otherRan = new AtomicBoolean();
        Runnable other = () -> otherRan.set(true);
        String[] outcome = new String[1];
        Thread spinner = go(() -> {
            if (startedBySpinner) {
                go(other);
            }
            spinning.set(true);
            long deadline = System.nanoTime() + millis * 1_000_000;
            while (!otherRan.get() && System.nanoTime() - deadline < 0) {
                if (gosched) {
                    Go.gosched();
                }
            }
            outcome[0] = otherRan.get() ? "the other goroutine ran" : "the other goroutine never ran";
        });
        while (!spinning.get()) {
            Thread.onSpinWait();   // main is a platform thread: it does not take the carrier
        }
        if (!startedBySpinner) {
            go(other);
        }
        spinner.join();
        while (!otherRan.get()) {
            Thread.onSpinWait();   // the carrier is free now: the other goroutine runs
        }
        return outcome[0];
    }
}
