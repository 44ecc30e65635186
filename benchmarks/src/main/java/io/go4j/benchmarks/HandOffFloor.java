package io.go4j.benchmarks;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * HandOffFloor measures the cheapest hand-off two virtual threads can make, with nothing of go4j
 * in it: two virtual threads take turns on a volatile field, each parking until it is its turn
 * and unparking the other when it hands the turn over. Run on one carrier
 * ({@code -Djdk.virtualThreadScheduler.parallelism=1}) every hand-off is a park, an unpark and a
 * switch of continuations on that carrier (the freeze of one stack and the thaw of the other): the
 * floor under any ring or ping-pong of goroutines that run on one carrier, which is how go4j-sched
 * runs them. Not a JMH benchmark: a round is a fixed number of hand-offs between two new threads,
 * e.g.
 * {@code java -Djdk.virtualThreadScheduler.parallelism=1 -cp benchmarks.jar io.go4j.benchmarks.HandOffFloor 1000000 6 0}.
 *
 * <p>Arguments: hand-offs per side and round, rounds, and the extra stack frames under each
 * thread's loop (the freeze and thaw copy frames, so a deeper stack costs more). Output, a line
 * per round: {@code handoff depth=0 round=2 ns_per_handoff=231}.
 */
public final class HandOffFloor {

    private static volatile int turn;   // 0: the first thread's turn, 1: the second's

    private HandOffFloor() {}

    /**
     * Runs the rounds.
     *
     * @param args hand-offs per side, rounds, extra stack depth
     * @throws InterruptedException if interrupted while joining a round's threads
     */
    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        int depth = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        for (int r = 0; r < rounds; r++) {
            Thread[] t = new Thread[2];
            turn = 0;
            t[0] = Thread.ofVirtual().unstarted(() -> nested(depth, () -> alternate(0, n, t)));
            t[1] = Thread.ofVirtual().unstarted(() -> nested(depth, () -> alternate(1, n, t)));
            long start = System.nanoTime();
            t[0].start();
            t[1].start();
            t[0].join();
            t[1].join();
            long elapsed = System.nanoTime() - start;
            System.out.printf(Locale.ROOT, "handoff depth=%d round=%d ns_per_handoff=%.0f%n",
                    depth, r, (double) elapsed / (2.0 * n));
        }
    }

    /** Side {@code me} waits for its turn, then gives it to the other side, {@code n} times. */
    private static void alternate(int me, int n, Thread[] threads) {
        Thread other = threads[1 - me];
        for (int i = 0; i < n; i++) {
            while (turn != me) {
                LockSupport.park();
            }
            turn = 1 - me;
            LockSupport.unpark(other);
        }
    }

    /** Runs {@code body} under {@code depth} more frames. */
    private static void nested(int depth, Runnable body) {
        if (depth == 0) {
            body.run();
        } else {
            nested(depth - 1, body);
        }
    }
}
