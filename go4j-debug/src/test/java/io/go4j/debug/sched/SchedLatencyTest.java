package io.go4j.debug.sched;

import static io.go4j.Go.go;
import static io.go4j.debug.sched.CoreProbe.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.debug.SchedLatency;
import io.go4j.debug.internal.sched.TimeHistogram;
import io.go4j.debug.testing.Await;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SchedLatency: Go's /sched/latencies:seconds for goroutines")
class SchedLatencyTest {

    @AfterEach
    void disable() {
        SchedLatency.disable();
    }

    /** Starts a goroutine that receives once from {@code in}, waits until it is parked, returns it. */
    private static Thread parkedReceiver(Chan<Integer> in) {
        Thread t = go(() -> {
            in.recv();
        });
        Await.parked("chan receive", t);
        return t;
    }

    @Test
    @DisplayName("a goroutine woken from a channel receive is counted, with a latency above zero")
    void wakeUpIsCounted() {
        assertTimeoutPreemptively(Await.LONG, () -> {
            SchedLatency.enable();
            Chan<Integer> in = Chan.make();
            Thread t = parkedReceiver(in);   // its start latency is counted by now
            long before = SchedLatency.histogram().count();
            in.send(1);                       // unparks it
            join(t);
            SchedLatency.Histogram h = SchedLatency.histogram();
            assertTrue(h.count() >= before + 1, "wake-up not counted: " + before + " -> " + h.count());
            assertTrue(h.max().toNanos() > 0, "max " + h.max());
            assertTrue(h.p50().toNanos() > 0, "p50 " + h.p50());
            assertTrue(h.p50().compareTo(h.p90()) <= 0 && h.p90().compareTo(h.p99()) <= 0
                    && h.p99().compareTo(h.max()) <= 0, "percentiles out of order: " + h);
            assertEquals(0, h.counts()[0], "negative latencies recorded: " + h);
            assertTrue(h.enabled());
        });
    }

    @Test
    @DisplayName("a goroutine's start, from go() to its first instruction, is counted")
    void startIsCounted() {
        assertTimeoutPreemptively(Await.LONG, () -> {
            SchedLatency.enable();
            SchedLatency.reset();
            Thread t = go(() -> {});   // never parks: only its start can be counted
            join(t);
            assertTrue(SchedLatency.histogram().count() >= 1, "start not counted: " + SchedLatency.histogram());
        });
    }

    @Test
    @DisplayName("disabled, it removes its listener from the core and counts nothing more")
    void disabledCountsNothing() {
        assertTimeoutPreemptively(Await.LONG, () -> {
            SchedLatency.enable();
            assertNotNull(CoreProbe.coreGoroutineListener(), "enabled, but the core has no goroutine listener");
            SchedLatency.disable();
            assertFalse(SchedLatency.isEnabled());
            assertNull(CoreProbe.coreGoroutineListener(), "disabled, but the core still has a goroutine listener");
            long before = SchedLatency.histogram().count();
            Chan<Integer> in = Chan.make();
            Thread t = parkedReceiver(in);
            in.send(1);
            join(t);
            assertEquals(before, SchedLatency.histogram().count());
            assertFalse(SchedLatency.histogram().enabled());
        });
    }

    @Test
    @DisplayName("reset starts the counts from zero")
    void resetStartsFromZero() {
        assertTimeoutPreemptively(Await.LONG, () -> {
            SchedLatency.enable();
            join(go(() -> {}));
            SchedLatency.disable();   // nothing more can arrive
            assertTrue(SchedLatency.histogram().count() >= 1);
            SchedLatency.reset();
            SchedLatency.Histogram h = SchedLatency.histogram();
            assertEquals(0, h.count(), h.toString());
            assertEquals(Duration.ZERO, h.max());
            assertEquals(Duration.ZERO, h.p99());
        });
    }

    @Test
    @DisplayName("the buckets are Go's: 721 counts, 722 increasing boundaries from -Inf to +Inf")
    void bucketsIncrease() {
        SchedLatency.Histogram h = SchedLatency.histogram();
        double[] b = h.buckets();
        assertEquals(721, h.counts().length);
        assertEquals(722, b.length);
        assertEquals(Double.NEGATIVE_INFINITY, b[0]);
        assertEquals(0.0, b[1]);
        assertEquals(Double.POSITIVE_INFINITY, b[b.length - 1]);
        for (int i = 1; i < b.length; i++) {
            assertTrue(b[i - 1] < b[i], "boundary " + i + ": " + b[i - 1] + " >= " + b[i]);
        }
    }

    @Test
    @DisplayName("percentiles are upper bounds of the buckets, never above the maximum")
    void percentilesFromBuckets() {
        long[] counts = new long[721];
        double[] b = TimeHistogram.boundaries();
        counts[1 + 3] = 50;     // [3ns, 4ns)
        counts[1 + 100] = 40;   // some bucket in the microseconds
        counts[1 + 200] = 10;
        long top = Math.round(b[1 + 200] * 1e9) + 1;   // inside the last non-empty bucket
        SchedLatency.Histogram h = new SchedLatency.Histogram(true, counts, b, Duration.ofNanos(top));
        assertEquals(100, h.count());
        assertEquals(Duration.ofNanos(4), h.p50());
        assertEquals(Duration.ofNanos(Math.round(b[1 + 101] * 1e9)), h.p90());
        assertEquals(Duration.ofNanos(top), h.p99());   // the bucket's bound is above the max
        assertThrows(IllegalArgumentException.class, () -> h.percentile(0));
        assertThrows(IllegalArgumentException.class, () -> h.percentile(1.5));
        assertThrows(IllegalArgumentException.class, () -> h.percentile(Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> new SchedLatency.Histogram(true, new long[3], new double[3], Duration.ZERO));
    }

    @Test
    @DisplayName("the text rendering shows the count, the percentiles and each non-empty bucket")
    void textRendering() {
        long[] counts = new long[721];
        counts[1 + 16] = 7;   // [16ns, 17ns)
        SchedLatency.Histogram h = new SchedLatency.Histogram(false, counts, TimeHistogram.boundaries(),
                Duration.ofNanos(16));
        String text = h.toText();
        assertTrue(text.startsWith("# scheduling latency"), text);
        assertTrue(text.contains("/sched/latencies:seconds"), text);
        assertTrue(text.contains("# not recording"), text);
        assertTrue(text.contains("\ncount: 7\n"), text);
        assertTrue(text.contains("\np50: 16ns\n"), text);
        assertTrue(text.contains("\nmax: 16ns\n"), text);
        assertTrue(text.contains("\n[16ns, 17ns): 7\n"), text);
        assertEquals(1, text.lines().filter(l -> l.startsWith("[")).count(), text);
    }

    @Test
    @DisplayName("the JSON rendering has Go's Float64Histogram fields, with the infinities as strings")
    void jsonRendering() {
        long[] counts = new long[721];
        counts[1 + 1] = 2;   // [1ns, 2ns)
        SchedLatency.Histogram h = new SchedLatency.Histogram(true, counts, TimeHistogram.boundaries(),
                Duration.ofNanos(1));
        String json = h.toJson();
        assertTrue(json.startsWith("{\"metric\":\"/sched/latencies:seconds\",\"enabled\":true,\"count\":2,"), json);
        assertTrue(json.contains("\"counts\":[0,0,2,0,"), json);
        assertTrue(json.contains("\"buckets\":[\"-Inf\",0.0,1.0E-9,2.0E-9,"), json);
        assertTrue(json.endsWith(",\"+Inf\"]}"), json);
        Matcher m = Pattern.compile("\"counts\":\\[([^]]*)]").matcher(json);
        assertTrue(m.find());
        assertEquals(721, m.group(1).split(",").length);
        Matcher b = Pattern.compile("\"buckets\":\\[([^]]*)]").matcher(json);
        assertTrue(b.find());
        assertEquals(722, b.group(1).split(",").length);
    }
}
