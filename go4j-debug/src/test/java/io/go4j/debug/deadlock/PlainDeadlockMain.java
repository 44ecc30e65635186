package io.go4j.debug.deadlock;

import io.go4j.Chan;

/**
 * PlainDeadlockMain is a program that never calls go4j-debug: main receives from a channel on
 * which nobody will ever send. The agent test starts it with {@code -javaagent:go4j-debug.jar}.
 */
public final class PlainDeadlockMain {
    private PlainDeadlockMain() {}

    /**
     * Blocks for ever.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        System.out.println("main=" + Thread.currentThread().threadId());
        Chan.<String>make().recv();
    }
}
