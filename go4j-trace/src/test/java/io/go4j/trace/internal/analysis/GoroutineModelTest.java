package io.go4j.trace.internal.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.trace.analysis.Rule;
import io.go4j.trace.analysis.TraceEvent;
import io.go4j.trace.analysis.TraceEvent.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the goroutine model remembers of each goroutine's past, as its facts carry it. */
class GoroutineModelTest {
    private final List<Fact> facts = new ArrayList<>();
    private final GoroutineModel model = new GoroutineModel(id -> List.of(), new GoroutineModel.Listener() {
        @Override
        public void onInterval(long g, String func, GoroutineModel.State state, String reason, long nanos) {}

        @Override
        public void onFact(Fact f) {
            facts.add(f);
        }
    });
    private long t;

    private Fact on(int p, Kind kind, long g, long target, long stack) {
        model.accept(new TraceEvent(++t, kind, p, g, target, stack, null));
        return facts.get(facts.size() - 1);
    }

    @Test
    @DisplayName("a fact names its subject's creator, the goroutine that last woke it and the stack it woke it from")
    void factsCarryCreatorAndWaker() {
        on(0, Kind.GO_START, 1, 0, 0);
        Fact create = on(0, Kind.GO_CREATE, 1, 2, 0);
        assertEquals(1, create.creator);
        assertEquals(-1, create.waker);
        on(0, Kind.GO_BLOCK_SEND, 1, 0, 5);              // 1 blocks: it was alive before the trace
        Fact start = on(0, Kind.GO_START, 2, 0, 0);
        assertEquals(1, start.creator);
        assertEquals(-1, start.waker, "runnable since its creation: no waker");
        Fact block = on(0, Kind.GO_BLOCK_RECV, 2, 0, 6);
        assertEquals(1, block.creator);
        Fact wake = on(1, Kind.GO_UNBLOCK, 3, 2, 7);      // 3 wakes 2 from stack 7
        assertEquals(3, wake.waker);
        assertEquals(7, wake.wakeStack);
        assertEquals(1, wake.creator, "unblock: of the woken goroutine");
        assertEquals(3, on(0, Kind.GO_START, 2, 0, 0).waker);
        Fact again = on(0, Kind.GO_BLOCK_RECV, 2, 0, 6);
        assertEquals(3, again.waker, "its latest release");
        assertEquals(7, again.wakeStack);
        Fact timer = on(TraceEvent.TIMER_P, Kind.GO_UNBLOCK, 0, 2, 0);
        assertEquals(Rule.Event.UNBLOCK, timer.kind);
        assertEquals(0, timer.waker, "a timer");
        Fact end = on(0, Kind.GO_END, 2, 0, 0);
        assertEquals(0, end.waker);
        assertEquals(1, end.creator);
        Fact old = on(0, Kind.GO_START, 9, 0, 0);
        assertEquals(-1, old.creator, "alive before the trace");
    }
}
