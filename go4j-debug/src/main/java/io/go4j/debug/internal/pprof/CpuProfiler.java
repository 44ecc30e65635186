package io.go4j.debug.internal.pprof;

import io.go4j.debug.internal.Listeners;
import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.Registry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * CpuProfiler takes a CPU profile from the JDK's own sampler: JFR's {@code jdk.ExecutionSample}
 * events, read in-process from a {@link RecordingStream} while the profile runs, converted to
 * Go's CPU profile (sample types {@code samples/count} and {@code cpu/nanoseconds}, period type
 * {@code cpu/nanoseconds}, period {@link #PERIOD}).
 *
 * <p>Every sample is charged one period of CPU, as Go charges one SIGPROF tick. A sample whose
 * thread is a goroutine (or an adopted thread) carries that goroutine's labels: virtual threads
 * appear in JFR's samples under their own thread id (checked on JDK 21 and 25), which is the
 * goroutine's id.
 *
 * <p>Limits, stated rather than hidden:
 * <ul>
 *   <li>JFR samples threads running Java code; it samples a bounded number of threads per
 *       period (a handful), so with more threads running at once than that, totals
 *       underestimate CPU use (the shape stays right).</li>
 *   <li>{@code jdk.NativeMethodSample} is not used: it samples threads that are <em>in</em>
 *       native code, mostly blocked in I/O, which is wall time, not CPU.</li>
 *   <li>Labels are read when JFR delivers the sample (within about a second, at each of its
 *       flushes), or, for a goroutine that ended meanwhile, as they were when it ended; a
 *       goroutine that changed its labels between the two shows the later ones.</li>
 *   <li>Stacks deeper than JFR's stack depth (64 by default, {@code -XX:FlightRecorderOptions})
 *       are truncated at the root end.</li>
 * </ul>
 *
 * <p>One CPU profile at a time, as in Go: a second one fails with Go's message,
 * {@code cpu profiling already in use}.
 */
public final class CpuProfiler {
    /*
     * Implementation notes.
     *
     * JFR delivers events to a RecordingStream in batches, at each flush (about once a second),
     * on the stream's own thread. Labels: the first sample of each batch walks the registry once
     * (Registry.snapshotWithAdopted) and keeps the labelled goroutines' labels, so a profile
     * costs one registry walk per second at most; goroutines that end in between leave their labels in
     * `ended`, through a goroutine listener added only while a profile runs. Stopping the
     * stream (RecordingStream.stop, JDK 20+) delivers the last events before it returns.
     *
     * Hidden frames (lambda forms and the lambda proxies' run methods) are dropped, as
     * Throwable's stack traces drop them, so that JFR's stacks and the other profiles' stacks
     * (taken with StackWalker) name the same frames.
     */

    /** The sampling period: Go's default 100 Hz. */
    public static final Duration PERIOD = Duration.ofMillis(10);

    /** Most ended goroutines whose labels a profile remembers (then their samples go unlabelled). */
    private static final int MAX_ENDED = 100_000;

    private static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    private static final List<ValueType> SAMPLE_TYPES = List.of(new ValueType("samples", "count"),
            new ValueType("cpu", "nanoseconds"));
    private static final ValueType PERIOD_TYPE = new ValueType("cpu", "nanoseconds");
    private static final AtomicBoolean RUNNING = new AtomicBoolean();

    private CpuProfiler() {}

    /**
     * Samples the CPU for {@code duration} and returns the profile.
     *
     * @param duration how long to sample; positive
     * @return the profile
     * @throws InterruptedException  if interrupted while sampling (the recording is discarded)
     * @throws IllegalStateException if a CPU profile is already being taken
     */
    public static ProfileData profile(Duration duration) throws InterruptedException {
        if (!RUNNING.compareAndSet(false, true)) {
            throw new IllegalStateException("cpu profiling already in use");
        }
        try {
            return sample(duration);
        } finally {
            RUNNING.set(false);
        }
    }

    private static ProfileData sample(Duration duration) throws InterruptedException {
        Samples samples = new Samples();
        long startUnix = Clock.unixNanos();
        long start = System.nanoTime();
        Listeners.add(samples.exits);
        try (RecordingStream rs = new RecordingStream()) {
            rs.enable(EXECUTION_SAMPLE).withPeriod(PERIOD).withStackTrace();
            rs.onEvent(EXECUTION_SAMPLE, samples::add);
            rs.onFlush(samples::flushed);
            rs.startAsync();
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
            rs.stop();
        } finally {
            Listeners.remove(samples.exits);
        }
        return samples.data(startUnix, System.nanoTime() - start);
    }

    /** The samples of one profile, added up per (stack, labels) on the stream's thread. */
    private static final class Samples {
        private record Key(List<StackTraceElement> stack, Map<String, String> labels) {}

        private final Map<Key, Long> counts = new HashMap<>();                 // stream thread only
        private final Map<Long, Map<String, String>> live = new HashMap<>();   // stream thread only
        private final Map<Long, Map<String, String>> ended = new ConcurrentHashMap<>();
        private boolean fresh;   // stream thread only: `live` was read since the last flush

        final Hooks.GoroutineListener exits = new Hooks.GoroutineListener() {
            @Override
            public void exited(Goroutine g) {
                if (!g.labels().isEmpty() && ended.size() < MAX_ENDED) {
                    ended.put(g.id(), g.labels());
                }
            }
        };

        void add(RecordedEvent e) {
            RecordedStackTrace trace = e.getStackTrace();
            if (trace == null) {
                return;
            }
            List<StackTraceElement> frames = new ArrayList<>(trace.getFrames().size());
            for (RecordedFrame f : trace.getFrames()) {
                RecordedMethod m = f.getMethod();
                if (m == null || m.isHidden()) {
                    continue;
                }
                frames.add(new StackTraceElement(m.getType().getName(), m.getName(), null,
                        Math.max(0, f.getLineNumber())));
            }
            StackTraceElement[] cut = StackFilter.ofSample(frames.toArray(StackTraceElement[]::new));
            RecordedThread t = e.getThread("sampledThread");
            Map<String, String> labels = t == null ? Map.of() : labelsOf(t.getJavaThreadId());
            counts.merge(new Key(List.of(cut), labels), 1L, Long::sum);
        }

        void flushed() {
            fresh = false;
        }

        private Map<String, String> labelsOf(long threadId) {
            if (threadId <= 0) {
                return Map.of();
            }
            if (!fresh) {   // first sample of this batch: read every goroutine's labels once
                live.clear();
                for (Goroutine g : Registry.snapshotWithAdopted()) {
                    if (!g.labels().isEmpty()) {
                        live.put(g.id(), g.labels());
                    }
                }
                fresh = true;
            }
            Map<String, String> l = live.get(threadId);
            if (l == null) {
                l = ended.get(threadId);
            }
            return l == null ? Map.of() : l;
        }

        ProfileData data(long startUnix, long durationNanos) {
            long period = PERIOD.toNanos();
            List<Map.Entry<Key, Long>> sorted = new ArrayList<>(counts.entrySet());
            sorted.sort(Comparator.comparing((Map.Entry<Key, Long> c) -> -c.getValue()));
            List<Sample> out = new ArrayList<>(sorted.size());
            for (Map.Entry<Key, Long> c : sorted) {
                out.add(new Sample(c.getKey().stack().stream().map(Frame::of).toList(),
                        new long[] {c.getValue(), c.getValue() * period}, c.getKey().labels()));
            }
            return new ProfileData(SAMPLE_TYPES, PERIOD_TYPE, period, startUnix, durationNanos, out);
        }
    }
}
