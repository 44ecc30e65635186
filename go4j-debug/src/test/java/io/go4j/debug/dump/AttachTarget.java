package io.go4j.debug.dump;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.GoroutineInfo;
import io.go4j.sync.Mutex;

/**
 * The program {@link AttachTest} attaches to: go4j-core only (never go4j-debug), one goroutine
 * blocked in a receive, one in {@code Mutex.lock} (main holds the lock), main blocked in a
 * receive. Prints {@code ready} once all three wait, then waits for ever.
 */
public final class AttachTarget {
    private AttachTarget() {}

    static void receiveForever(Chan<Integer> c) {
        c.recv();
    }

    static void lockForever(Mutex mu) {
        mu.lock();
    }

    public static void main(String[] args) {
        Chan<Integer> c = Chan.make();
        Mutex mu = new Mutex();
        mu.lock();
        Go.go(() -> receiveForever(c));
        Go.go(() -> lockForever(mu));
        Thread main = Thread.currentThread();
        Go.go(() -> {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < deadline) {
                long waiting = Go.goroutines().stream().map(GoroutineInfo::waitReason)
                        .filter(r -> "chan receive".equals(r) || "sync.Mutex.Lock".equals(r)).count();
                if (waiting == 2 && main.getState() == Thread.State.WAITING) {
                    System.out.println("ready");
                    System.out.flush();
                    return;
                }
                Thread.onSpinWait();
                Thread.yield();
            }
            System.out.println("not ready after 20 s");
            System.exit(3);
        });
        c.recv();
    }
}
