package io.go4j.trace.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules that join steps on a goroutine's creator and on the goroutine that last woke it, in the
 * text form and the Java builder: each finds its pattern planted in a recorded go4j program and
 * stays silent on a twin where only the join tells the two apart.
 */
class JoinRulesTest {
    @TempDir
    Path dir;

    /** A goroutine waits on a channel, its creator ends, and nothing wakes it before the trace ends. */
    static final String ORPHANED = """
            rule orphaned
              step block where reason ~ "chan" bind $g = g, $parent = creator
              not unblock where target == $g
              step end where g == $parent
              not unblock where target == $g
            end
            """;

    /** The same without the join: any other goroutine's end. */
    static final String ANY_END = """
            rule any-end
              step block where reason ~ "chan" bind $g = g
              not unblock where target == $g
              step end where g != $g
              not unblock where target == $g
            end
            """;

    /** A goroutine waits on a channel again, and the goroutine that last woke it ends. */
    static final String WAKER_GONE = """
            rule waker-gone
              step block where reason ~ "chan" bind $g = g, $w = waker
              not unblock where target == $g
              step end where g == $w
              not unblock where target == $g
            end
            """;

    private List<Match> matches(String rules, String name, Planted.Program program) throws Exception {
        return TraceAnalysis.of(Rules.parse("test", rules)).run(Planted.record(dir, name, program)).matches();
    }

    @Test
    @DisplayName("a join on creator finds a child waiting on a channel after its creator ended")
    void aJoinOnCreatorFindsAnOrphanedChild() throws Exception {
        List<Match> found = matches(ORPHANED, "orphan", Planted::orphanedChild);
        assertEquals(1, found.size(), found.toString());
        List<Match.Step> path = found.get(0).path();
        assertEquals(Rule.Event.BLOCK, path.get(0).event());
        assertTrue(path.get(0).func().contains("parentAndChild"), path.get(0).func());
        assertEquals(Rule.Event.END, path.get(1).event());
        assertTrue(path.get(1).func().contains("parentAndChild"), path.get(1).func());
        assertTrue(path.get(1).g() != path.get(0).g());
    }

    @Test
    @DisplayName("the join on creator is silent when only an unrelated goroutine ended, which the unjoined rule takes")
    void theJoinOnCreatorIsSilentOnTheTwin() throws Exception {
        Path trace = Planted.record(dir, "live-parent", Planted::childOfALiveParent);
        assertEquals(List.of(), TraceAnalysis.of(Rules.parse("test", ORPHANED)).run(trace).matches());
        // the twin has the shape: without the join, the unrelated goroutine's end completes it
        List<Match> unjoined = TraceAnalysis.of(Rules.parse("test", ANY_END)).run(trace).matches();
        assertEquals(1, unjoined.size(), unjoined.toString());
    }

    @Test
    @DisplayName("a join on waker finds a consumer back on its channel after the producer that fed it ended")
    void aJoinOnWakerFindsTheGonePeer() throws Exception {
        List<Match> found = matches(WAKER_GONE, "leak", Planted::leakingConsumer);
        assertEquals(1, found.size(), found.toString());
        List<Match.Step> path = found.get(0).path();
        assertTrue(path.get(0).func().contains("lambda$producerConsumer$0"), path.get(0).func());
        assertTrue(path.get(1).func().contains("lambda$producerConsumer$1"), path.get(1).func());
        assertEquals(List.of(), matches(WAKER_GONE, "closed", Planted::closingProducer));
    }

    @Test
    @DisplayName("the Java builder says what the text form says, joins included")
    void theBuilderEqualsTheTextForm() {
        Rule built = Rule.named("orphaned")
                .step(Rule.Event.BLOCK).where(Rule.Attr.REASON, Rule.Op.CONTAINS, "chan")
                        .bind("g", Rule.Attr.G).bind("parent", Rule.Attr.CREATOR)
                .not(Rule.Event.UNBLOCK).where(Rule.Attr.TARGET, Rule.Op.EQ, new Rule.Var("g"))
                .step(Rule.Event.END).where(Rule.Attr.G, Rule.Op.EQ, new Rule.Var("parent"))
                .not(Rule.Event.UNBLOCK).where(Rule.Attr.TARGET, Rule.Op.EQ, new Rule.Var("g"))
                .build();
        Rule parsed = Rules.parse("test", ORPHANED).get(0);
        assertEquals(parsed.steps(), built.steps());
        assertEquals(parsed.nots(), built.nots());
    }
}
