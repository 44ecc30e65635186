package io.go4j.race;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import racecorpus.GoTestRun;

/**
 * With the agent and go4j-test, a race fails the test during which it happened, with the
 * detector's report, as {@code go test -race} fails the test; the other tests pass.
 */
class GoTestIntegrationTest {
    @Test
    void aRaceFailsTheTestWhoseGoroutineRacedAndOnlyThatTest() throws Exception {
        Child.Result r = Child.run(GoTestRun.class, List.of());
        String out = r.stdout();
        assertTrue(out.contains("TEST a_races() FAILED"), out + r.stderr());
        assertTrue(out.contains("race detected during execution of"), out);
        assertTrue(out.contains("WARNING: DATA RACE"), out);
        assertTrue(out.contains("racecorpus/GoTestFixture.java:"), out);
        assertTrue(out.contains("TEST b_isRaceFree() SUCCESSFUL"), out + r.stderr());
    }
}
