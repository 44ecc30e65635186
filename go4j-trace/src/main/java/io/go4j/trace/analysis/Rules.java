package io.go4j.trace.analysis;

import io.go4j.trace.internal.analysis.RuleParser;
import java.util.List;

/**
 * Rules holds go4j's built-in rules and parses rules from their text form.
 *
 * <p>The text form, one clause a line ({@code #} starts a comment):
 *
 * <pre>
 * rules   = { rule }
 * rule    = "rule" NAME NL { clause NL } "end" NL
 * clause  = "describe" STRING | "confidence" NUMBER | "window" DURATION
 *         | "step" EVENT [ "where" cond { "and" cond } ] [ "bind" bind { "," bind } ]
 *                        [ "gap" DURATION ".." DURATION ] [ "times" INT [ "within" DURATION ] ]
 *         | "not" EVENT [ "where" cond { "and" cond } ]
 * cond    = ATTR OP value            OP = "==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=" | "~"
 * value   = STRING | INT | DURATION | "$" NAME
 * bind    = "$" NAME "=" ATTR
 * EVENT   = create | start | block | unblock | end | yield | user | any
 * ATTR    = g | target | reason | blocker | stack | func | latency | waited | live | p | text
 *         | creator | waker | wakestack
 * </pre>
 *
 * <p>A {@code not} applies between the step before it and the step after it; after the last
 * step, until the trace ends. Durations are Go's ({@code 10ms}, {@code 1.5s}, {@code 1m30s}).
 * {@link Rule} gives the matching semantics.
 */
public final class Rules {
    /** The text of the built-in rules (also what {@code go4j trace rules --list} prints). */
    public static final String BUILT_IN = """
            # A lock convoy: a goroutine woken at a lock blocks at the same lock again soon after,
            # while others keep queueing there: the lock is handed from waiter to waiter.
            rule lock-convoy
              describe "goroutines queue on one lock: each one woken there soon blocks there again"
              confidence 0.6
              window 1s
              step block where reason == "sync" bind $b = blocker, $g = g
              step unblock where target == $g
              step block where g == $g and blocker == $b gap 0..100ms
              step block where blocker == $b and g != $g times 4 within 100ms
            end

            # A leak in the making: the goroutine that served a channel waiter has ended, the
            # waiter is back on that channel, and nothing wakes it until the trace ends.
            rule leak-in-the-making
              describe "a goroutine waits on a channel whose peer has exited; nothing woke it before the trace ended"
              confidence 0.7
              window 10s
              step unblock where reason ~ "chan" bind $g = target, $peer = g, $b = blocker
              step block where g == $g and blocker == $b
              not unblock where target == $g
              step end where g == $peer
              not unblock where target == $g
            end

            # A starved select: a sender waits while a select keeps serving senders blocked elsewhere
            # (another case: a different blocking stack).
            rule select-starved
              describe "a sender waits on a channel while a select keeps taking its other, busy case"
              confidence 0.5
              window 1s
              step block where reason == "chan send" bind $x = g, $b = blocker
              not unblock where target == $x
              step unblock where stack ~ "Select" and blocker != $b times 20 within 1s
            end

            # Long scheduling latency after a wake-up: the woken goroutine waited for a carrier.
            rule slow-start-after-wake
              describe "a woken goroutine waited long for a processor: the carriers were busy"
              confidence 0.6
              window 10s
              step unblock bind $g = target
              not start where g == $g and latency < 200ms
              step start where g == $g and latency >= 200ms
            end

            # A timer storm: many wake-ups by timers (sleeps, timeouts, tickers) in a short time.
            rule timer-storm
              describe "many goroutines woken by timers in a short time: polling with sleeps, or short timeouts in a loop"
              confidence 0.5
              step unblock where g == 0 times 200 within 100ms
            end

            # A goroutine explosion: goroutines of one start function keep being created while
            # over a thousand are alive.
            rule goroutine-explosion
              describe "goroutines are created faster than they end: over 1000 alive and still growing"
              confidence 0.6
              step create where live >= 1000 bind $f = func times 100 within 1s
            end
            """;

    private static final List<Rule> BUILT_IN_RULES = RuleParser.parse("built-in rules", BUILT_IN);

    private Rules() {}

    /**
     * Returns go4j's built-in rules: {@code lock-convoy}, {@code leak-in-the-making},
     * {@code select-starved}, {@code slow-start-after-wake}, {@code timer-storm},
     * {@code goroutine-explosion} (their text is {@link #BUILT_IN}).
     *
     * @return the rules
     */
    public static List<Rule> builtIn() {
        return BUILT_IN_RULES;
    }

    /**
     * Returns the built-in rule named {@code name}.
     *
     * @param name a built-in rule's name
     * @return the rule
     * @throws IllegalArgumentException if there is none, naming the ones there are
     */
    public static Rule builtIn(String name) {
        for (Rule r : BUILT_IN_RULES) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no built-in rule " + name + "; there are "
                + BUILT_IN_RULES.stream().map(Rule::name).toList());
    }

    /**
     * Parses rules from their text form.
     *
     * @param source the text's name for error messages, e.g. its file name
     * @param text   the rules
     * @return the rules, in order
     * @throws RuleSyntaxException at the first error, naming its line and column
     */
    public static List<Rule> parse(String source, String text) {
        return RuleParser.parse(source, text);
    }
}
