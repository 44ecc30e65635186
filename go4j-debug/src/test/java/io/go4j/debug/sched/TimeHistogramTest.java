package io.go4j.debug.sched;

import static io.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.debug.internal.sched.TimeHistogram;
import io.go4j.debug.testing.Await;
import io.go4j.sync.WaitGroup;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TimeHistogram: Go's timeHistogram, lock-free")
class TimeHistogramTest {

    /** Returns the index in counts() of the one bucket a histogram holding one value counted it in. */
    private static int onlyBucket(TimeHistogram h) {
        long[] c = h.counts();
        int found = -1;
        for (int i = 0; i < c.length; i++) {
            if (c[i] != 0) {
                assertEquals(-1, found, "two buckets counted one value");
                assertEquals(1, c[i]);
                found = i;
            }
        }
        assertTrue(found >= 0, "no bucket counted the value");
        return found;
    }

    @Test
    @DisplayName("every duration lands in the bucket whose bounds enclose it")
    void bucketsEncloseTheirValues() {
        double[] b = TimeHistogram.boundaries();
        SplittableRandom random = new SplittableRandom(42);
        long[] values = new long[2_000];
        for (int i = 0; i < values.length; i++) {
            int bits = random.nextInt(48);   // every power of two up to the last finite bucket
            values[i] = (1L << bits) + random.nextLong(1L << bits);
        }
        values[0] = 0;
        values[1] = 15;
        values[2] = 16;
        values[3] = 17;
        values[4] = 31;
        values[5] = 32;
        values[6] = 33;
        for (long v : values) {
            TimeHistogram h = new TimeHistogram();
            h.record(v);
            int i = onlyBucket(h);
            assertTrue(b[i] * 1e9 <= v && v < b[i + 1] * 1e9,
                    v + "ns counted in [" + b[i] + ", " + b[i + 1] + ") s");
            assertEquals(v, h.max());
        }
    }

    @Test
    @DisplayName("durations past the last bound go to the open last bucket, negative ones to the underflow")
    void overflowAndUnderflow() {
        TimeHistogram h = new TimeHistogram();
        h.record(1L << 48);
        assertEquals(TimeHistogram.COUNTS - 1, onlyBucket(h));
        h = new TimeHistogram();
        h.record(Long.MAX_VALUE);
        assertEquals(TimeHistogram.COUNTS - 1, onlyBucket(h));
        h = new TimeHistogram();
        h.record(-5);
        assertEquals(0, onlyBucket(h));
        assertEquals(0, h.max());
    }

    @Test
    @DisplayName("concurrent recording from many goroutines loses no count")
    void concurrentRecordingLosesNothing() {
        int goroutines = CoreProbe.pick(32, 256);
        int each = CoreProbe.pick(5_000, 50_000);
        assertTimeoutPreemptively(Await.LONG.multipliedBy(3), () -> {
            TimeHistogram shared = new TimeHistogram();
            TimeHistogram expected = new TimeHistogram();
            CountDownLatch go = new CountDownLatch(1);
            WaitGroup wg = new WaitGroup();
            wg.add(goroutines);
            for (int g = 0; g < goroutines; g++) {
                long seed = g;
                go(() -> {
                    try {
                        go.await();
                        SplittableRandom r = new SplittableRandom(seed);
                        for (int i = 0; i < each; i++) {
                            shared.record(r.nextInt(4) == 0 ? 1_000 : r.nextLong(1 << 20));   // a hot bucket, and spread
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        wg.done();
                    }
                });
                SplittableRandom r = new SplittableRandom(seed);   // the same values, one at a time
                for (int i = 0; i < each; i++) {
                    expected.record(r.nextInt(4) == 0 ? 1_000 : r.nextLong(1 << 20));
                }
            }
            go.countDown();
            wg.await();
            long[] counts = shared.counts();
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            assertEquals((long) goroutines * each, total);
            assertArrayEquals(expected.counts(), counts);
            assertEquals(expected.max(), shared.max());
        });
    }

    @Test
    @DisplayName("a reset while goroutines record never makes a count negative or loses later values")
    void resetDuringRecording() {
        assertTimeoutPreemptively(Await.LONG, () -> {
            TimeHistogram h = new TimeHistogram();
            int goroutines = 8;
            int each = CoreProbe.pick(20_000, 200_000);
            WaitGroup wg = new WaitGroup();
            wg.add(goroutines);
            for (int g = 0; g < goroutines; g++) {
                go(() -> {
                    for (int i = 0; i < each; i++) {
                        h.record(100);
                    }
                    wg.done();
                });
            }
            for (int i = 0; i < 50; i++) {
                h.reset();
                for (long c : h.counts()) {
                    assertTrue(c >= 0, "negative count after a reset");
                }
            }
            wg.await();
            h.reset();
            h.record(100);
            h.record(100);
            long[] c = h.counts();
            long total = 0;
            for (long x : c) {
                total += x;
            }
            assertEquals(2, total);
        });
    }
}
