package io.go4j.debug.pprof;

import static org.junit.jupiter.api.Assertions.*;

import io.go4j.debug.internal.pprof.EventCounts;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The block and mutex profiles' per-stack counts")
class EventCountsTest {

    private static StackTraceElement[] stack(int i) {
        return new StackTraceElement[] {new StackTraceElement("com.example.S" + i, "m", "S.java", i)};
    }

    @Test
    @DisplayName("events on one stack add up, and reading sorts by delay")
    void addsUp() {
        EventCounts c = new EventCounts();
        c.add(stack(1), 1, 10);
        c.add(stack(2), 2.5, 500);
        c.add(stack(1), 1, 15);
        List<EventCounts.Row> rows = c.read();
        assertEquals(2, rows.size());
        assertEquals(500, rows.get(0).nanos());
        assertEquals(2.5, rows.get(0).count());
        assertEquals(25, rows.get(1).nanos());
        assertEquals(2.0, rows.get(1).count());
    }

    @Test
    @DisplayName("beyond MAX_STACKS distinct stacks, new stacks go to one overflow record with their totals")
    void bounded() {
        EventCounts c = new EventCounts();
        int extra = 10;
        for (int i = 0; i < EventCounts.MAX_STACKS + extra; i++) {
            c.add(stack(i), 1, 1);
        }
        c.add(stack(0), 1, 1);   // a kept stack still counts on its own
        assertEquals(EventCounts.MAX_STACKS + 1, c.size());
        EventCounts.Row overflow = c.read().stream()
                .filter(r -> Arrays.equals(r.stack(), EventCounts.overflowStack())).findFirst().orElseThrow();
        assertEquals(extra, overflow.count());
        assertEquals(extra, overflow.nanos());
        assertEquals(EventCounts.MAX_STACKS + extra + 1, c.read().stream().mapToLong(EventCounts.Row::nanos).sum());
    }
}
