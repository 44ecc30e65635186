package io.go4j.debug.internal.pprof;

import io.go4j.debug.internal.Listeners;
import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.Registry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
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
 * thread is a goroutine (or an adopted thread) carries the labels that goroutine had when the
 * sample was taken: virtual threads appear in JFR's samples under their own thread id (checked on
 * JDK 25, the JDK at hand; not run on 21), which is the goroutine's id, and every change of
 * labels during the profile is recorded as a JFR event of its own ({@code io.go4j.debug.Labels})
 * in the same time-ordered stream as the samples.
 *
 * <p>Limits, stated rather than hidden:
 * <ul>
 *   <li>JFR samples threads running Java code; it samples a bounded number of threads per
 *       period (a handful), so with more threads running at once than that, totals
 *       underestimate CPU use (the shape stays right).</li>
 *   <li>{@code jdk.NativeMethodSample} is not used: it samples threads that are <em>in</em>
 *       native code, mostly blocked in I/O, which is wall time, not CPU.</li>
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
     * JFR delivers events to a RecordingStream in batches, at each flush (about once a second,
     * with no public API to shorten it), on the stream's own thread. Looking a sample's labels
     * up when it is delivered would be up to a second late: a request handled inside
     * Go.withLabels would be over, its labels restored, before its samples arrive. So while a
     * profile runs, a goroutine listener commits a LabelsEvent whenever a goroutine's labels
     * change (Go.withLabels entering and leaving, through Hooks.GoroutineListener.labelsChanged)
     * or a goroutine starts with inherited labels; the stream is ordered by time, so replaying
     * those events before the samples that follow them gives each sample the labels of its
     * moment. Labels set before the profile began come from one registry walk at its start.
     * Stopping the stream (RecordingStream.stop, JDK 20+) delivers the last events before it
     * returns.
     *
     * Hidden frames (lambda forms and the lambda proxies' run methods) are dropped, as
     * Throwable's stack traces drop them, so that JFR's stacks and the other profiles' stacks
     * (taken with StackWalker) name the same frames.
     */

    /** The sampling period: Go's default 100 Hz. */
    public static final Duration PERIOD = Duration.ofMillis(10);

    private static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    private static final String LABELS = "io.go4j.debug.Labels";
    private static final List<ValueType> SAMPLE_TYPES = List.of(new ValueType("samples", "count"),
            new ValueType("cpu", "nanoseconds"));
    private static final ValueType PERIOD_TYPE = new ValueType("cpu", "nanoseconds");
    private static final AtomicBoolean RUNNING = new AtomicBoolean();
    private static volatile boolean sampling;   // written by the profile's thread: recording started, not stopped

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

    /**
     * Reports whether a CPU profile is being taken (from the call's start to its end).
     *
     * @return true while one runs
     */
    public static boolean running() {
        return RUNNING.get();
    }

    /**
     * Reports whether JFR is sampling for a CPU profile now (its recording has started and not
     * yet stopped).
     *
     * @return true while samples are being taken
     */
    public static boolean sampling() {
        return sampling;
    }

    private static ProfileData sample(Duration duration) throws InterruptedException {
        Samples samples = new Samples();
        long startUnix = Clock.unixNanos();
        long start = System.nanoTime();
        try (RecordingStream rs = new RecordingStream()) {
            rs.enable(EXECUTION_SAMPLE).withPeriod(PERIOD).withStackTrace();
            rs.enable(LabelsEvent.class).withoutStackTrace();
            rs.onEvent(EXECUTION_SAMPLE, samples::add);
            rs.onEvent(LABELS, samples::labelled);
            rs.startAsync();
            Listeners.add(LABEL_CHANGES);   // after the start: events committed before it are lost
            try {
                samples.initialLabels();
                sampling = true;
                TimeUnit.NANOSECONDS.sleep(duration.toNanos());
            } finally {
                sampling = false;
                Listeners.remove(LABEL_CHANGES);
            }
            rs.stop();
        }
        return samples.data(startUnix, System.nanoTime() - start);
    }

    /** Commits a LabelsEvent for each change of labels (and each start with labels) during a profile. */
    private static final Hooks.GoroutineListener LABEL_CHANGES = new Hooks.GoroutineListener() {
        @Override
        public void started(Goroutine g) {
            if (!g.labels().isEmpty()) {
                LabelsEvent.commit(g);
            }
        }

        @Override
        public void labelsChanged(Goroutine g) {
            LabelsEvent.commit(g);
        }
    };

    /** A goroutine's labels from a moment on, in JFR's stream (recorded only during a CPU profile). */
    @Name(LABELS)
    @Label("go4j Labels")
    @Description("A goroutine's profiler labels changed (recorded only while a go4j CPU profile runs)")
    @Category("go4j")
    @StackTrace(false)
    static final class LabelsEvent extends Event {
        @Label("Goroutine")
        long goroutine;

        @Label("Labels")
        String labels;

        static void commit(Goroutine g) {
            LabelsEvent e = new LabelsEvent();
            e.goroutine = g.id();
            e.labels = encode(g.labels());
            e.commit();
        }
    }

    /** Each key and value as its length, ':', itself: unambiguous whatever the strings hold. */
    static String encode(Map<String, String> labels) {
        StringBuilder b = new StringBuilder();
        labels.forEach((k, v) -> b.append(k.length()).append(':').append(k).append(v.length()).append(':').append(v));
        return b.toString();
    }

    static Map<String, String> decode(String s) {
        TreeMap<String, String> out = new TreeMap<>();
        int[] pos = {0};
        while (pos[0] < s.length()) {
            String k = next(s, pos);
            out.put(k, next(s, pos));
        }
        return Collections.unmodifiableMap(out);
    }

    private static String next(String s, int[] pos) {
        int colon = s.indexOf(':', pos[0]);
        int len = Integer.parseInt(s, pos[0], colon, 10);
        pos[0] = colon + 1 + len;
        return s.substring(colon + 1, pos[0]);
    }

    /** The samples of one profile, added up per (stack, labels) on the stream's thread. */
    private static final class Samples {
        private record Key(List<StackTraceElement> stack, Map<String, String> labels) {}

        private final Map<Key, Long> counts = new HashMap<>();   // stream thread only
        private final Map<Long, Map<String, String>> labels = new ConcurrentHashMap<>();   // goroutine id -> labels now

        /** The labels set before the profile began (events take precedence: they are newer). */
        void initialLabels() {
            for (Goroutine g : Registry.snapshotWithAdopted()) {
                if (!g.labels().isEmpty()) {
                    labels.putIfAbsent(g.id(), g.labels());
                }
            }
        }

        void labelled(RecordedEvent e) {
            Map<String, String> l = decode(e.getString("labels"));
            if (l.isEmpty()) {
                labels.remove(e.getLong("goroutine"));
            } else {
                labels.put(e.getLong("goroutine"), l);
            }
        }

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
            StackTraceElement[] cut = ProfileStacks.ofSample(frames.toArray(StackTraceElement[]::new));
            RecordedThread t = e.getThread("sampledThread");
            Map<String, String> l = t == null ? null : labels.get(t.getJavaThreadId());
            counts.merge(new Key(List.of(cut), l == null ? Map.of() : l), 1L, Long::sum);
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
