package io.go4j.trace.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each built-in rule finds its root cause planted in a recorded go4j program, and stays silent
 * on the program's clean twin (the same shape without the cause).
 */
class BuiltInRulesTest {
    @TempDir
    Path dir;

    static Stream<Arguments> planted() {
        return Stream.of(
                Arguments.of("lock-convoy", (Planted.Program) Planted::lockConvoy, (Planted.Program) Planted::ownLocks,
                        "Mutex.lock"),
                Arguments.of("leak-in-the-making", (Planted.Program) Planted::leakingConsumer,
                        (Planted.Program) Planted::closingProducer, "Chan.recv"),
                Arguments.of("select-starved", (Planted.Program) Planted::starvedSelect,
                        (Planted.Program) Planted::servedSelect, "Chan.send"),
                Arguments.of("slow-start-after-wake", (Planted.Program) Planted::wakeDuringSpin,
                        (Planted.Program) Planted::wakeWhenIdle, "Chan.recv"),
                Arguments.of("timer-storm", (Planted.Program) Planted::sleepyPollers,
                        (Planted.Program) Planted::channelPollers, "sleep"),
                Arguments.of("goroutine-explosion", (Planted.Program) Planted::explosion,
                        (Planted.Program) Planted::boundedSpawning, "explosion"));
    }

    @ParameterizedTest(name = "{0} finds its planted cause")
    @MethodSource("planted")
    @DisplayName("each built-in rule finds the root cause planted in a recorded go4j program")
    void eachRuleFindsItsPlantedCause(String rule, Planted.Program program, Planted.Program clean, String where)
            throws Exception {
        TraceReport report = TraceAnalysis.of(List.of(Rules.builtIn(rule))).run(Planted.record(dir, rule, program));
        List<Match> found = report.matches();
        assertEquals(1, found.stream().map(Match::rule).distinct().count(), report.matchesText());
        Match m = found.get(0);
        assertEquals(rule, m.rule());
        assertTrue(m.confidence() > 0 && m.confidence() < 1, "confidence " + m.confidence());
        assertEquals(Rules.builtIn(rule).steps().size(), m.path().size(), "one event per step");
        for (int i = 1; i < m.path().size(); i++) {
            assertTrue(m.path().get(i).time() >= m.path().get(i - 1).time(), "the path is in time order");
        }
        String text = report.matchesText();
        assertTrue(text.contains(where), "the match shows where: " + where + "\n" + text);
    }

    @ParameterizedTest(name = "{0} is silent on the clean twin")
    @MethodSource("planted")
    @DisplayName("no built-in rule fires on the clean twin of a planted program")
    void noRuleFiresOnTheCleanTwin(String rule, Planted.Program program, Planted.Program clean, String where)
            throws Exception {
        TraceReport report = TraceAnalysis.of(Rules.builtIn()).run(Planted.record(dir, rule + "-clean", clean));
        assertTrue(report.matches().isEmpty(), report.matchesText());
    }

    @Test
    @DisplayName("the built-in rules are parsed from their documented text")
    void theBuiltInRulesAreTheirText() {
        List<Rule> parsed = Rules.parse("built-in", Rules.BUILT_IN);
        assertEquals(List.of("lock-convoy", "leak-in-the-making", "select-starved", "slow-start-after-wake",
                "timer-storm", "goroutine-explosion"), parsed.stream().map(Rule::name).toList());
        assertFalse(Rules.builtIn().isEmpty());
    }
}
