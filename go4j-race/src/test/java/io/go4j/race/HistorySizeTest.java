package io.go4j.race;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import raceload.HistoryOverflow;

/**
 * {@code history_size} bounds the call-site history as Go's bounds a goroutine's: a previous
 * access older than the history is printed as Go prints it, {@code [failed to restore the stack]}
 * in place of its frames, and the report is still made. One program for both sizes:
 * {@link HistoryOverflow} makes 40,000 new call chains between its two writes.
 */
class HistorySizeTest {
    @Test
    @DisplayName("a previous access older than a small history has Go's failed-to-restore line, the current one its frames, and the run exits with 66")
    void aPreviousAccessOlderThanTheHistoryIsPrintedAsGoPrintsIt() throws Exception {
        Child.Result r = Child.run(HistoryOverflow.class, List.of("-Dgo4j.race=history_size=0"));
        String expected = """
                ==================
                WARNING: DATA RACE
                Write at raceload.HistoryOverflow.x by main goroutine:
                  raceload.HistoryOverflow.store()
                      raceload/HistoryOverflow.java:20
                  raceload.HistoryOverflow.main()
                      raceload/HistoryOverflow.java:36

                Previous write at raceload.HistoryOverflow.x by goroutine N:
                  [failed to restore the stack]

                Goroutine N (finished) created at:
                  raceload.HistoryOverflow.startRacer()
                      raceload/HistoryOverflow.java:25
                  raceload.HistoryOverflow.main()
                      raceload/HistoryOverflow.java:30
                ==================
                Found 1 data race(s)
                """;
        assertEquals(expected, r.stderr().replaceAll("oroutine \\d+", "oroutine N"));
        assertEquals(66, r.exit());
    }

    @Test
    @DisplayName("with the default history the same program's previous access has its frames")
    void withTheDefaultHistoryThePreviousAccessHasItsFrames() throws Exception {
        Child.Result r = Child.run(HistoryOverflow.class, List.of());
        String previous = r.stderr().replaceAll("(?s).*(Previous write at.*?)\n\n.*", "$1");
        assertEquals("""
                Previous write at raceload.HistoryOverflow.x by goroutine N:
                  raceload.HistoryOverflow.store()
                      raceload/HistoryOverflow.java:20
                  raceload.HistoryOverflow.lambda$startRacer$0()
                      raceload/HistoryOverflow.java:24""", previous.replaceAll("oroutine \\d+", "oroutine N"), r.stderr());
        assertEquals(1, r.races());
        assertEquals(66, r.exit());
    }
}
