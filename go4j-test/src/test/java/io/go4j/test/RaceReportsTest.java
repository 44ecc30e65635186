package io.go4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.test.fixtures.Fixtures;
import io.go4j.test.fixtures.RaceFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** A race reported by a race detector (here a fake one, found through ServiceLoader) fails the test it happened in. */
class RaceReportsTest {

    @AfterEach
    void releaseTheFixturesGoroutines() throws InterruptedException {
        Fixtures.reset();
    }

    @Test
    @DisplayName("a race reported in a goroutine of a test fails that test with the report; the next test passes")
    void aRaceFailsItsTest() {
        EngineExecutionResults r = Kit.run(RaceFixture.class);
        r.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        String msg = Kit.failureOf(r, "a_races").getMessage();
        assertEquals(true, msg.startsWith("race detected during execution of test:\n\nWARNING: DATA RACE\n"
                + "Write at counter by goroutine "), msg);
    }

    @Test
    @DisplayName("a race report copies its labels and refuses a null report")
    void aRaceRecordIsChecked() {
        Map<String, String> labels = new java.util.HashMap<>(Map.of("k", "v"));
        RaceReports.Race race = new RaceReports.Race("r", labels);
        labels.clear();
        assertEquals(Map.of("k", "v"), race.labels());
        org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class, () -> new RaceReports.Race(null, Map.of()));
        assertEquals(List.of(), new FakeRaceReports().drain());
    }
}
