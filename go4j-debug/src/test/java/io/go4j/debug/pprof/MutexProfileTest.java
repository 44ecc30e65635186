package io.go4j.debug.pprof;

import static org.junit.jupiter.api.Assertions.*;

import io.go4j.Go;
import io.go4j.debug.Profile;
import io.go4j.debug.Profiling;
import io.go4j.debug.testing.Await;
import io.go4j.debug.testing.GoTool;
import io.go4j.debug.testing.PprofOutput;
import io.go4j.internal.runtime.Hooks;
import io.go4j.sync.Mutex;
import io.go4j.sync.RWMutex;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The mutex profile, read by go tool pprof")
class MutexProfileTest {
    private static final String TEST = "io.go4j.debug.pprof.MutexProfileTest.";

    @TempDir
    Path dir;

    @AfterEach
    void off() {
        Profiling.setMutexProfileFraction(0);
    }

    /** Locks {@code mu}, lets one goroutine queue on it, then runs {@code unlocker}; waits for the goroutine. */
    private static void contend(Mutex mu, Runnable unlocker) throws InterruptedException {
        mu.lock();
        Thread waiter = Go.go(() -> {
            lockAsWaiter(mu);
            unlockAsWaiter(mu);
        });
        Await.parked("sync.Mutex.Lock", List.of(waiter));
        unlocker.run();
        assertTrue(waiter.join(Await.LONG), "the waiter got the lock");
    }

    @Test
    @DisplayName("contention is charged to the unlocker's stack, not to the waiter's")
    void chargedToTheUnlocker() throws Exception {
        Profiling.setMutexProfileFraction(1);
        Mutex mu = new Mutex();
        contend(mu, () -> holdThenUnlock(mu));
        Path file = ProfileTests.write(Profile.lookup("mutex"), 0, dir);

        String traces = GoTool.pprof(file, "-traces", "-sample_index=contentions");
        PprofOutput.Trace t = PprofOutput.traceWith(traces, TEST + "holdThenUnlock");
        assertEquals("1", t.value());
        assertTrue(t.functions().get(0).startsWith("io.go4j.sync.Mutex."), "the go4j unlock is the top frame: " + t);
        assertFalse(traces.contains(TEST + "lockAsWaiter"), "the waiter is not charged: " + traces);
        PprofOutput.RawSample raw = BlockProfileTest.rawWith(GoTool.pprof(file, "-raw"), TEST + "holdThenUnlock");
        assertTrue(raw.values().get(1) > 0, "delay " + raw.values().get(1));
        String top = GoTool.pprof(file, "-top", "-sample_index=delay", "-nodefraction=0", "-nodecount=100000");
        assertTrue(top.contains(TEST + "holdThenUnlock"), "-top:\n" + top);
    }

    @Test
    @DisplayName("an RWMutex writer's wait is charged to the reader whose RUnlock let it in")
    void rwMutexChargesTheReader() throws Exception {
        Profiling.setMutexProfileFraction(1);
        RWMutex rw = new RWMutex();
        rw.rLock();
        Thread writer = Go.go(() -> {
            rw.lock();
            rw.unlock();
        });
        Await.parked("sync.RWMutex.Lock", List.of(writer));
        readerUnlocks(rw);
        assertTrue(writer.join(Await.LONG));
        String traces = GoTool.pprof(ProfileTests.write(Profile.lookup("mutex"), 0, dir), "-traces",
                "-sample_index=contentions");
        assertEquals("1", PprofOutput.traceWith(traces, TEST + "readerUnlocks").value());
    }

    @Test
    @DisplayName("with fraction n, a sampled event counts as n events with n times its delay")
    void fractionScales() throws Exception {
        assertEquals(0, Profiling.setMutexProfileFraction(4));
        assertEquals(4, Profiling.setMutexProfileFraction(-1), "a negative fraction only reads");
        Mutex mu = new Mutex();
        for (int i = 0; i < 60; i++) {   // P(no event sampled) = 0.75^60 < 1e-7
            contend(mu, () -> unlockSampledByFour(mu));
        }
        PprofOutput.RawSample raw = BlockProfileTest.rawWith(
                GoTool.pprof(ProfileTests.write(Profile.lookup("mutex"), 0, dir), "-raw"), TEST + "unlockSampledByFour");
        long count = raw.values().get(0);
        long delay = raw.values().get(1);
        assertTrue(count >= 4 && count <= 240 && count % 4 == 0, "count " + count);
        assertEquals(0, delay % 4, "delay " + delay);
    }

    @Test
    @DisplayName("debug=1 is Go's legacy text with the sampling period")
    void legacyText() throws Exception {
        Profiling.setMutexProfileFraction(1);
        Mutex mu = new Mutex();
        contend(mu, () -> unlockForText(mu));
        List<String> lines = BlockProfileTest.text(Profile.lookup("mutex")).lines().toList();
        assertEquals(List.of("--- mutex:", "cycles/second=1000000000", "sampling period=1"), lines.subList(0, 3));
        int record = -1;
        for (int i = 3; i < lines.size(); i++) {
            if (lines.get(i).contains(TEST + "unlockForText+0x0")) {
                record = i;
                break;
            }
        }
        assertTrue(record > 0, String.join("\n", lines));
        while (lines.get(record).startsWith("#")) {
            record--;
        }
        TextFormats.checkContentionRecord(lines, record, 1, 0);
    }

    @Test
    @DisplayName("the contention listener is attached only while the fraction is positive")
    void offCostsNothing() throws Exception {
        Profiling.setMutexProfileFraction(1);
        Profiling.setMutexProfileFraction(0);
        java.lang.reflect.Field f = Hooks.class.getDeclaredField("contention");
        f.setAccessible(true);
        assertNull(f.get(null));
        Mutex mu = new Mutex();
        contend(mu, () -> unlockWhileOff(mu));
        assertFalse(BlockProfileTest.text(Profile.lookup("mutex")).contains(TEST + "unlockWhileOff"));
    }

    static void holdThenUnlock(Mutex mu) {
        mu.unlock();
    }

    static void unlockSampledByFour(Mutex mu) {
        mu.unlock();
    }

    static void unlockForText(Mutex mu) {
        mu.unlock();
    }

    static void unlockWhileOff(Mutex mu) {
        mu.unlock();
    }

    static void lockAsWaiter(Mutex mu) {
        mu.lock();
    }

    static void unlockAsWaiter(Mutex mu) {
        mu.unlock();
    }

    static void readerUnlocks(RWMutex rw) {
        rw.rUnlock();
    }
}
