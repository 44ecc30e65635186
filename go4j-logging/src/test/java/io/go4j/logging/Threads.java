package io.go4j.logging;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** Bounded joins: a goroutine that does not end in time fails the test instead of hanging it. */
final class Threads {
    private Threads() {}

    static void join(Thread t) throws InterruptedException {
        assertFalse(!t.join(Duration.ofSeconds(20)) && t.isAlive(), () -> t + " did not end within 20 s");
    }
}
