package io.go4j.semaphore;

import static io.go4j.TestSupport.assertPrints;
import io.go4j.context.Context;
import io.go4j.context.DeadlineExceeded;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;


/**
 * The Javadoc examples of io.go4j.semaphore, run, with their printed output checked (Go's
 * {@code Example...} functions with {@code // Output:}). The code between
 * {@code // example:NAME} and {@code // end} is NAME's Javadoc example verbatim; the shared
 * io.go4j.JavadocExamplesTest checks that they agree.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SemaphoreExamplesTest {

    /** An example's body: may throw, as a snippet inside a method that declares it would. */

    @Test
    @DisplayName("package io.go4j.semaphore: an acquire gives up when its context's deadline passes")
    void examplePackage() throws Exception {
        assertPrints("context deadline exceeded\n", () -> {
            // example:package-info
            Weighted sem = new Weighted(1);
            sem.acquire(Context.background(), 1);
            try (var ctx = Context.withTimeout(Context.background(), Duration.ofMillis(10))) {
                sem.acquire(ctx, 1);
            } catch (DeadlineExceeded e) {
                System.out.println(e.getMessage());   // context deadline exceeded
            }
            // end
        });
    }

    @Test
    @DisplayName("Weighted: acquire, tryAcquire and release by weight")
    void exampleWeighted() throws Exception {
        assertPrints("false\ntrue\n", () -> {
            // example:Weighted
            Weighted sem = new Weighted(3);
            sem.acquire(Context.background(), 2);
            System.out.println(sem.tryAcquire(2));   // false: only 1 left
            sem.release(2);
            System.out.println(sem.tryAcquire(3));   // true
            // end
        });
    }
}
