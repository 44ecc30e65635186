package io.go4j.trace.internal.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.trace.analysis.Rule;
import io.go4j.trace.analysis.RuleSyntaxException;
import io.go4j.trace.analysis.Rules;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The rules' text form: what it builds, and errors that name their line and column. */
class RuleParserTest {
    @Test
    @DisplayName("the text form builds the same rule as the builder")
    void theTextFormBuildsWhatTheBuilderBuilds() {
        Rule parsed = Rules.parse("t", """
                # a comment
                rule slow-wake   # trailing comment
                  describe "a \\"slow\\" wake"
                  confidence 0.8
                  window 2s
                  step unblock where reason ~ "chan" bind $g = target, $w = g
                  step start where g == $g and latency >= 1.5ms gap 0..1s times 2 within 10ms
                end
                """).get(0);
        Rule built = Rule.named("slow-wake").describe("a \"slow\" wake").confidence(0.8).window(Duration.ofSeconds(2))
                .step(Rule.Event.UNBLOCK).where(Rule.Attr.REASON, Rule.Op.CONTAINS, "chan")
                .bind("g", Rule.Attr.TARGET).bind("w", Rule.Attr.G)
                .step(Rule.Event.START).where(Rule.Attr.G, Rule.Op.EQ, new Rule.Var("g"))
                .where(Rule.Attr.LATENCY, Rule.Op.GE, 1_500_000L).gap(Duration.ZERO, Duration.ofSeconds(1))
                .times(2, Duration.ofMillis(10))
                .build();
        assertEquals(built.name(), parsed.name());
        assertEquals(built.description(), parsed.description());
        assertEquals(built.confidence(), parsed.confidence());
        assertEquals(built.window(), parsed.window());
        assertEquals(built.steps(), parsed.steps());
        assertEquals(built.nots(), parsed.nots());
    }

    private static RuleSyntaxException error(String text) {
        return assertThrows(RuleSyntaxException.class, () -> Rules.parse("my.rules", text));
    }

    @Test
    @DisplayName("an unknown attribute is an error at its line and column, listing the attributes")
    void anUnknownAttributeNamesItsLineAndColumn() {
        RuleSyntaxException e = error("rule r\n  step block where colour == \"red\"\nend\n");
        assertEquals(2, e.line());
        assertEquals(20, e.column());
        assertTrue(e.getMessage().startsWith("my.rules:2:20: expected an attribute (g, target"), e.getMessage());
    }

    @Test
    @DisplayName("a variable no earlier step binds is an error at the condition that uses it")
    void anUnboundVariableIsAnError() {
        RuleSyntaxException e = error("rule r\n  step block\n  step unblock where target == $g\nend\n");
        assertEquals(3, e.line());
        assertEquals(22, e.column());
        assertTrue(e.getMessage().contains("$g is not bound by an earlier step"), e.getMessage());
    }

    @Test
    @DisplayName("each kind of mistake says what was expected and what was found")
    void eachMistakeSaysWhatWasExpected() {
        assertTrue(error("step block\n").getMessage().contains("my.rules:1:1: 'step' outside a rule"));
        assertTrue(error("rule r\n  step blok\nend\n").getMessage().contains("my.rules:2:8: expected an event"));
        assertTrue(error("rule r\n  step block where g = 1\nend\n").getMessage()
                .contains("my.rules:2:22: expected an operator"));
        assertTrue(error("rule r\n  step block gap 5..1ms\nend\n").getMessage()
                .contains("my.rules:2:18: expected a duration"));
        assertTrue(error("rule r\n  step block where reason == \"sync\nend\n").getMessage()
                .contains("my.rules:2:30: unterminated string"));
        assertTrue(error("rule r\n  confidence 2\n  step block\nend\n").getMessage()
                .contains("my.rules:2:3: confidence must be in (0, 1]"));
        assertTrue(error("rule r\n  not block\nend\n").getMessage().contains("a 'not' must follow a step"));
        assertTrue(error("rule r\n  step block\n").getMessage().contains("the last rule has no 'end'"));
        assertTrue(error("rule r\nend\n").getMessage().contains("rule r has no step"));
        assertTrue(error("rule r\n  step block extra\nend\n").getMessage()
                .contains("my.rules:2:14: unexpected 'extra'"));
    }

    @Test
    @DisplayName("the built-in rules parse, and each rule's name is unique")
    void theBuiltInRulesParse() {
        List<Rule> rules = Rules.parse("built-in", Rules.BUILT_IN);
        assertEquals(6, rules.size());
        assertEquals(6, rules.stream().map(Rule::name).distinct().count());
    }
}
