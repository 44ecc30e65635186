package io.go4j.trace.internal.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.trace.analysis.Match;
import io.go4j.trace.analysis.Rule;
import io.go4j.trace.analysis.Rules;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The pattern engine's semantics on hand-made event streams: bound variables join steps across
 * interleaved goroutines, gaps bound the steps, exclusions kill partial matches, repeated steps
 * count in a sliding window, and partial matches expire so memory stays bounded.
 */
class MatcherTest {
    private static final long MS = 1_000_000;

    private static Fact block(long t, long g, String reason, long blocker) {
        return new Fact(Rule.Event.BLOCK, t, 0, g, 0, reason, blocker, blocker, "f" + g, 0, 0, 10, null);
    }

    private static Fact unblock(long t, long by, long target, long blocker) {
        return new Fact(Rule.Event.UNBLOCK, t, 0, by, target, "chan receive", blocker, 0, "f" + target, 0, 0, 10, null);
    }

    private static Fact start(long t, long g, long latency) {
        return new Fact(Rule.Event.START, t, 0, g, 0, "unblock", 0, 0, "f" + g, latency, 0, 10, null);
    }

    private static Fact end(long t, long g) {
        return new Fact(Rule.Event.END, t, 0, g, 0, null, 0, 0, "f" + g, 0, 0, 10, null);
    }

    private static List<Match> run(String rules, Fact... facts) {
        Matcher m = new Matcher(Rules.parse("test", rules), id -> List.of());
        for (Fact f : facts) {
            m.accept(f);
        }
        return m.finish();
    }

    private static final String WAKE_THEN_SLOW_START = """
            rule slow
              step unblock bind $g = target
              not start where g == $g and latency < 5ms
              step start where g == $g and latency >= 5ms
            end
            """;

    @Test
    @DisplayName("a variable bound by one step joins the next to the same goroutine, among interleaved ones")
    void aBoundVariableJoinsStepsAcrossInterleavedGoroutines() {
        List<Match> found = run(WAKE_THEN_SLOW_START,
                unblock(1 * MS, 9, 1, 0), unblock(2 * MS, 9, 2, 0),
                start(3 * MS, 2, 1 * MS),      // goroutine 2 starts fast: its partial dies
                start(9 * MS, 1, 8 * MS));     // goroutine 1 starts slowly: a match
        assertEquals(1, found.size());
        assertEquals(1, found.get(0).occurrences());
        List<Match.Step> path = found.get(0).path();
        assertEquals(1, path.get(0).target());
        assertEquals(1, path.get(1).g());
        assertEquals(9 * MS, path.get(1).time());
    }

    @Test
    @DisplayName("an excluded event between two steps kills the partial match")
    void anExcludedEventBetweenStepsKillsThePartialMatch() {
        assertTrue(run(WAKE_THEN_SLOW_START, unblock(MS, 9, 1, 0), start(2 * MS, 1, MS), start(20 * MS, 1, 10 * MS))
                .isEmpty());
    }

    @Test
    @DisplayName("a step that comes after its maximum gap does not match: the partial match expired")
    void aStepAfterItsMaximumGapDoesNotMatch() {
        String rule = """
                rule quick
                  step block bind $g = g
                  step unblock where target == $g gap 0..10ms
                end
                """;
        assertEquals(1, run(rule, block(0, 1, "sync", 5), unblock(9 * MS, 2, 1, 5)).size());
        assertTrue(run(rule, block(0, 1, "sync", 5), unblock(11 * MS, 2, 1, 5)).isEmpty());
    }

    @Test
    @DisplayName("a step that comes before its minimum gap is skipped, and a later one can match")
    void aStepBeforeItsMinimumGapIsSkipped() {
        String rule = """
                rule later
                  step block bind $b = blocker
                  step block where blocker == $b gap 5ms..1s
                end
                """;
        List<Match> found = run(rule, block(0, 1, "sync", 5), block(MS, 2, "sync", 5), block(7 * MS, 3, "sync", 5));
        assertEquals(7 * MS, found.get(0).path().get(1).time());
    }

    @Test
    @DisplayName("a repeated step needs its count of events within its span, in a sliding window")
    void aRepeatedStepCountsInASlidingWindow() {
        String rule = """
                rule storm
                  step unblock where g == 0 times 3 within 10ms
                end
                """;
        assertTrue(run(rule, unblock(0, 0, 1, 0), unblock(6 * MS, 0, 2, 0), unblock(12 * MS, 0, 3, 0)).isEmpty());
        List<Match> found = run(rule, unblock(0, 0, 1, 0), unblock(6 * MS, 0, 2, 0), unblock(12 * MS, 0, 3, 0),
                unblock(13 * MS, 0, 4, 0));
        assertEquals(1, found.size());
        assertEquals(6 * MS, found.get(0).path().get(0).time(), "the window slid past the first");
        assertTrue(found.get(0).path().get(0).note().startsWith("3 events in"), found.get(0).path().get(0).note());
    }

    @Test
    @DisplayName("a trailing exclusion holds a completed match until the trace ends, and can still kill it")
    void aTrailingExclusionHoldsAMatchUntilTheEnd() {
        String rule = """
                rule stuck
                  step block bind $g = g
                  step end where g != $g
                  not unblock where target == $g
                end
                """;
        assertEquals(1, run(rule, block(0, 1, "chan receive", 5), end(MS, 2)).size());
        assertTrue(run(rule, block(0, 1, "chan receive", 5), end(MS, 2), unblock(2 * MS, 3, 1, 5)).isEmpty());
    }

    @Test
    @DisplayName("matches at the same places are reported once with their count, and more occurrences raise the confidence")
    void matchesAtTheSamePlacesAreCounted() {
        String rule = """
                rule twice
                  confidence 0.5
                  step block where reason == "sync"
                end
                """;
        List<Match> found = run(rule, block(0, 1, "sync", 5), block(MS, 1, "sync", 5), block(MS, 1, "sync", 6));
        assertEquals(2, found.size(), "two blocking stacks, two places");
        assertEquals(2, found.get(0).occurrences());
        assertEquals(0.75, found.get(0).confidence(), 1e-9);
        assertEquals(0.5, found.get(1).confidence(), 1e-9);
    }

    @Test
    @DisplayName("partial matches that can no longer complete expire, so memory stays bounded on a long stream")
    void partialMatchesExpireSoMemoryStaysBounded() {
        Matcher m = new Matcher(Rules.parse("test", WAKE_THEN_SLOW_START), id -> List.of());
        for (int i = 0; i < 200_000; i++) {
            m.accept(unblock(i * MS, 9, 1_000 + i, 0));   // woken goroutines that never start
        }
        assertTrue(m.partials() < 20_000, m.partials() + " partial matches alive");
        assertEquals(0, m.dropped());
    }

    @Test
    @DisplayName("past the bound on partial matches the oldest are dropped, and counted")
    void pastTheBoundTheOldestPartialsAreDroppedAndCounted() {
        Matcher m = new Matcher(Rules.parse("test", WAKE_THEN_SLOW_START), id -> List.of());
        int n = Matcher.MAX_PARTIALS + 5_000;
        for (int i = 0; i < n; i++) {
            m.accept(unblock(i * 1_000L, 9, 1_000 + i, 0));   // all within the 10 s window
        }
        assertTrue(m.dropped() > 0, "dropped " + m.dropped());
        assertTrue(m.partials() <= Matcher.MAX_PARTIALS + Matcher.COMPACT_EVERY, m.partials() + " alive");
    }
}
