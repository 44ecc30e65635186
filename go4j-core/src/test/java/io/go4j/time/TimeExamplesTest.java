package io.go4j.time;

import static io.go4j.TestSupport.assertPrints;
import io.go4j.Chan;
import io.go4j.Select;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.go4j.Select.onRecv;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Javadoc examples of io.go4j.time, run, with their printed output checked (Go's
 * {@code Example...} functions with {@code // Output:}). The code between
 * {@code // example:NAME} and {@code // end} is NAME's Javadoc example verbatim; the shared
 * io.go4j.JavadocExamplesTest checks that they agree.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimeExamplesTest {

    /** An example's body: may throw, as a snippet inside a method that declares it would. */

    @Test
    @DisplayName("package io.go4j.time: afterFunc runs its function in a goroutine")
    void examplePackage() throws Exception {
        assertPrints("fired\n", () -> {
            // example:package-info
            Chan<String> done = Chan.make();
            Time.afterFunc(Duration.ofMillis(5), () -> done.send("fired"));
            System.out.println(done.recv());   // fired
            // end
        });
    }

    @Test
    @DisplayName("Time: after bounds a select that nothing else completes")
    void exampleTime() throws Exception {
        assertPrints("timed out\n", () -> {
            // example:Time
            Chan<String> results = Chan.make();         // nobody sends
            Select.select(
                onRecv(results, r -> System.out.println("got " + r)),
                onRecv(Time.after(Duration.ofMillis(10)), now -> System.out.println("timed out")));   // timed out
            // end
        });
    }

    @Test
    @DisplayName("Timer: a ready result wins, and stop releases the pending timer")
    @SuppressWarnings("LostCancel")   // the Javadoc's example, verbatim: the select, not the timer's stop, is its subject
    void exampleTimer() throws Exception {
        assertPrints("got fast\ntrue\n", () -> {
            // example:Timer
            Chan<String> results = Chan.make(1);
            results.send("fast");
            Timer t = Time.newTimer(Duration.ofSeconds(1));
            Select.select(
                Select.onRecv(results, r -> System.out.println("got " + r)),   // got fast
                Select.onRecv(t.c(), now -> System.out.println("gave up")));
            System.out.println(t.stop());   // true: the result came first, so release the timer at once
            // end
        });
    }

    @Test
    @DisplayName("Timer: try-with-resources stops the timer, as Go's defer t.Stop()")
    void exampleTimer2() throws Exception {
        int base = Time.pendingTimers();
        assertPrints("got fast\n", () -> {
            // example:Timer#2
            Chan<String> results = Chan.make(1);
            results.send("fast");
            try (Timer t = Time.newTimer(Duration.ofSeconds(1))) {
                Select.select(
                    Select.onRecv(results, r -> System.out.println("got " + r)),   // got fast
                    Select.onRecv(t.c(), now -> System.out.println("gave up")));
            }   // the timer is stopped here
            // end
        });
        assertTrue(Time.pendingTimers() <= base, "close() released the one-second timer");
    }

    @Test
    @DisplayName("Ticker: three ticks, then try-with-resources stops it")
    void exampleTicker() throws Exception {
        int base = Time.pendingTimers();
        assertPrints("tick 1\ntick 2\ntick 3\n", () -> {
            // example:Ticker
            try (Ticker ticker = Time.newTicker(Duration.ofMillis(10))) {
                for (int i = 1; i <= 3; i++) {
                    ticker.c().recv();                  // the time of the tick
                    System.out.println("tick " + i);    // tick 1, tick 2, tick 3
                }
            }   // close() stops the ticker
            // end
        });
        assertTrue(Time.pendingTimers() <= base, "close() stopped the ticker");
    }
}
