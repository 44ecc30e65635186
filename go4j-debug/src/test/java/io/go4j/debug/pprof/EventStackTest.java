package io.go4j.debug.pprof;

import static org.junit.jupiter.api.Assertions.*;

import io.go4j.debug.internal.pprof.EventCounts;
import io.go4j.debug.internal.pprof.EventStack;
import io.go4j.debug.internal.pprof.ProfileStacks;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The block and mutex profiles' shortcut from an event's cheap capture to its record: every
 * event is recorded twice, through the shortcut ({@code fast}) and the slow way that makes the
 * whole stack's elements ({@code slow}); the two must always agree, row for row.
 */
@DisplayName("An event's captured stack leads to the record the full stack would")
class EventStackTest {
    private static final String TEST = EventStackTest.class.getName() + ".";

    private final EventCounts fast = new EventCounts();
    private final EventCounts slow = new EventCounts();

    /** One event, recorded both ways; both on one line, so that this frame's line is the same. */
    private void event() {
        fast.add(ProfileStacks.ofEvent(), 1, 10); slow.add(ProfileStacks.shownOfEvent(), 1, 10);
    }

    private void siteA() {
        event();
    }

    private void siteB() {
        event();
    }

    private void callerOne() {
        siteA();
    }

    private void callerTwo() {
        siteA();
    }

    /** Runs {@code r} from one call site, whatever {@code r} is (callers loop: one call site too). */
    private static void run(Runnable r) {
        r.run();
    }

    // Overloads: same name, same bci of their call to event(), different lines; reference
    // parameters, so that method handles call both through the same LambdaForm classes.
    private void overloaded(Integer x) {
        event();
    }

    private void overloaded(String x) {
        event();
    }

    // Two methods of one signature, same bci of their call to event().
    private void first(String x) {
        event();
    }

    private void second(String x) {
        event();
    }

    /** Calls {@code m} on this test from one call site. */
    private void invoke(Method m, Object arg) throws Exception {
        m.invoke(this, arg);
    }

    /** The rows of {@code c}: each stack's functions and lines, then its count. */
    private static List<String> rows(EventCounts c) {
        List<String> out = new ArrayList<>();
        for (EventCounts.Row r : c.read()) {
            out.add(Arrays.toString(r.stack()) + " x" + r.count());
        }
        out.sort(null);
        return out;
    }

    /** The innermost frames of each row below event(): where the event happened, as a profile shows it. */
    private static List<String> sites(EventCounts c) {
        List<String> out = new ArrayList<>();
        for (EventCounts.Row r : c.read()) {
            StackTraceElement[] s = r.stack();
            assertEquals(TEST + "event", s[0].getClassName() + "." + s[0].getMethodName());
            out.add(s[1].getMethodName() + ":" + s[1].getLineNumber() + "<" + s[2].getMethodName() + " x"
                    + (long) r.count());
        }
        out.sort(null);
        return out;
    }

    private void assertAgree() {
        assertEquals(rows(slow), rows(fast), "the shortcut's rows are the slow way's");
        assertTrue(fast.keys() > 0, "the shortcut was used");
    }

    @Test
    @DisplayName("two call sites give two rows, one site in a loop one row with the summed count")
    void twoSitesAndALoop() {
        for (int i = 0; i < 5; i++) {
            siteA();
        }
        siteB();
        assertAgree();
        List<String> sites = sites(fast);
        assertEquals(2, sites.size(), sites.toString());
        assertTrue(sites.get(0).startsWith("siteA:") && sites.get(0).endsWith(" x5"), sites.toString());
        assertTrue(sites.get(1).startsWith("siteB:") && sites.get(1).endsWith(" x1"), sites.toString());
        assertEquals(6 * 10, fast.read().stream().mapToLong(EventCounts.Row::nanos).sum());
    }

    @Test
    @DisplayName("one site reached through two callers gives two rows")
    void oneSiteTwoCallers() {
        for (int i = 0; i < 2; i++) {
            callerOne();
            if (i == 0) {
                callerTwo();
            }
        }
        assertAgree();
        List<String> sites = sites(fast);
        assertEquals(2, sites.size(), sites.toString());
        assertTrue(sites.get(0).endsWith("<callerOne x2"), sites.toString());
        assertTrue(sites.get(1).endsWith("<callerTwo x1"), sites.toString());
    }

    @Test
    @DisplayName("two lambdas of one class, run from one call site, give two rows (the proxies differ, not the bcis)")
    void twoLambdasOneCallSite() {
        Runnable a = () -> event();
        Runnable b = () -> event();
        for (Runnable r : List.of(a, b, a, b, a, b)) {
            run(r);
        }
        assertAgree();
        assertEquals(2, fast.read().size(), rows(fast).toString());
        fast.read().forEach(r -> assertEquals(3.0, r.count()));
    }

    @Test
    @DisplayName("two overloads called through reflection from one call site, at one bci, give two rows")
    void overloadsThroughReflection() throws Exception {
        Method ofInt = EventStackTest.class.getDeclaredMethod("overloaded", Integer.class);
        Method ofString = EventStackTest.class.getDeclaredMethod("overloaded", String.class);
        for (int i = 0; i < 4; i++) {
            invoke(i % 2 == 0 ? ofInt : ofString, i % 2 == 0 ? (Object) 1 : "s");   // one call site
        }
        assertAgree();
        List<String> sites = sites(fast);
        assertEquals(2, sites.size(), sites.toString());
        assertTrue(sites.stream().allMatch(s -> s.startsWith("overloaded:") && s.endsWith(" x2")), sites.toString());
        assertNotEquals(sites.get(0), sites.get(1), "two lines");
    }

    @Test
    @DisplayName("two methods of one signature called through reflection from one call site, at one bci, give two rows")
    void methodsThroughReflection() throws Exception {
        Method first = EventStackTest.class.getDeclaredMethod("first", String.class);
        Method second = EventStackTest.class.getDeclaredMethod("second", String.class);
        for (Method m : List.of(first, second, first, second)) {
            invoke(m, "s");   // one call site
        }
        assertAgree();
        List<String> sites = sites(fast);
        assertEquals(2, sites.size(), sites.toString());
        assertTrue(sites.get(0).startsWith("first:") && sites.get(0).endsWith(" x2"), sites.toString());
        assertTrue(sites.get(1).startsWith("second:") && sites.get(1).endsWith(" x2"), sites.toString());
    }

    @Test
    @DisplayName("two methods of one type called through method handles from one call site give two rows")
    void methodsThroughMethodHandles() throws Throwable {
        MethodType type = MethodType.methodType(void.class, String.class);
        MethodHandle first = MethodHandles.lookup().findVirtual(EventStackTest.class, "first", type);
        MethodHandle second = MethodHandles.lookup().findVirtual(EventStackTest.class, "second", type);
        for (MethodHandle h : List.of(first, second, first, second, first)) {
            h.invoke(this, "s");   // one call site, one LambdaForm for both targets
        }
        assertAgree();
        List<String> sites = sites(fast);
        assertEquals(2, sites.size(), sites.toString());
        assertTrue(sites.get(0).startsWith("first:") && sites.get(0).endsWith(" x3"), sites.toString());
        assertTrue(sites.get(1).startsWith("second:") && sites.get(1).endsWith(" x2"), sites.toString());
    }

    @Test
    @DisplayName("equal captures on one site are equal keys; captures on two sites are not")
    void capturesAsKeys() {
        List<EventStack> keys = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            keys.add(capture());
        }
        keys.add(captureElsewhere());
        assertEquals(keys.get(0), keys.get(1));
        assertEquals(keys.get(0).hashCode(), keys.get(1).hashCode());
        assertNotEquals(keys.get(0), keys.get(2));
        assertTrue(keys.get(0).isComplete());
    }

    private static EventStack capture() {
        return EventStack.capture();
    }

    private static EventStack captureElsewhere() {
        return EventStack.capture();
    }

    @Test
    @DisplayName("stress: threads recording on shared sites concurrently agree with the slow way")
    void concurrentEvents() throws Exception {
        int threads = 8;
        int events = System.getenv("CI") != null ? 200 : 2_000;
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int which = t;
            tasks.add(() -> {
                for (int i = 0; i < events; i++) {
                    if ((i + which) % 3 == 0) {
                        siteB();
                    } else if (which % 2 == 0) {
                        callerOne();
                    } else {
                        callerTwo();
                    }
                }
                return null;
            });
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Void> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                f.get(0, TimeUnit.SECONDS);   // throws if a task failed or was cancelled on the bound
            }
        }
        assertAgree();
        assertEquals((double) threads * events, fast.read().stream().mapToDouble(EventCounts.Row::count).sum());
        assertEquals(3, sites(fast).size(), sites(fast).toString());
    }
}
