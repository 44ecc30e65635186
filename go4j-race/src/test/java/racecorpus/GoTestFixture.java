package racecorpus;

import io.go4j.Go;
import io.go4j.test.GoLeakCheck;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A go4j-test class (run by GoTestRun, never by surefire) whose first test races between its
 * goroutine and its own thread; the second test is race-free.
 */
@GoLeakCheck
@TestMethodOrder(MethodOrderer.MethodName.class)
public class GoTestFixture {
    int x;

    @Test
    void a_races() throws InterruptedException {
        Thread t = Go.go(() -> {
            x = 1; // RACE
        });
        x = 2; // RACE
        if (!t.join(Duration.ofSeconds(10))) {
            throw new AssertionError("the racing goroutine did not end");
        }
    }

    @Test
    void b_isRaceFree() throws InterruptedException {
        Thread t = Go.go(() -> x = 3);
        if (!t.join(Duration.ofSeconds(10))) {
            throw new AssertionError("the goroutine did not end");
        }
        x = 4;
    }
}
