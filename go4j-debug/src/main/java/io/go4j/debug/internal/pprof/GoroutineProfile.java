package io.go4j.debug.internal.pprof;

import io.go4j.debug.internal.Snapshot;
import io.go4j.debug.internal.leak.LeakFinder;
import io.go4j.debug.internal.leak.LeakProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GoroutineProfile builds the goroutine profile ({@code debug=0}, Go's {@code printCountProfile}
 * in proto form): one sample per distinct (stack, labels), its value the number of goroutines
 * with that stack and labels, sample type {@code goroutine/count}, period 1, the labels as string
 * labels of the sample.
 *
 * <p>Which goroutines: those of a {@link Snapshot} with the other live platform threads
 * ({@code Snapshot.take(true, true)}), the same set as the text forms ({@code debug=1} and
 * {@code 2}, whose default options include them), and the kept leaked goroutines of leak mode
 * (Go's goroutine profile lists those its collector proved leaked), so that the three agree on
 * the total. Stacks
 * are cut by {@link ProfileStacks.ofGoroutine}.
 *
 * <p>Order: most goroutines first, ties in the order of their stacks' text, as Go sorts.
 */
public final class GoroutineProfile {

    private static final List<ValueType> SAMPLE_TYPES = List.of(new ValueType("goroutine", "count"));
    private static final ValueType PERIOD_TYPE = new ValueType("goroutine", "count");
    private static final List<ValueType> LEAK_TYPES = List.of(new ValueType("goroutineleak", "count"));
    private static final ValueType LEAK_PERIOD_TYPE = new ValueType("goroutineleak", "count");

    private GoroutineProfile() {}

    /**
     * Takes a snapshot and returns its profile.
     *
     * @return the profile
     */
    public static ProfileData data() {
        return data(LeakFinder.withKept(Snapshot.take(true, true)));
    }

    /**
     * Returns the profile of {@code snapshot}.
     *
     * @param snapshot goroutines with their stacks
     * @return the profile
     */
    public static ProfileData data(Snapshot snapshot) {
        record Key(List<Frame> stack, Map<String, String> labels) {
            String text() {
                StringBuilder b = new StringBuilder("@");
                for (Frame f : stack) {
                    b.append(" 0x").append(Long.toHexString(f.address()));
                }
                return labels.isEmpty() ? b.toString() : b.append("\n# labels: ").append(labels).toString();
            }
        }
        Map<Key, Integer> counts = new LinkedHashMap<>();
        for (Snapshot.Entry e : snapshot.goroutines()) {
            Key k = new Key(ContentionProfile.frames(ProfileStacks.ofGoroutine(e.stack())), e.labels());
            counts.merge(k, 1, Integer::sum);
        }
        List<Map.Entry<Key, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Comparator.comparing((Map.Entry<Key, Integer> c) -> -c.getValue())
                .thenComparing(c -> c.getKey().text()));
        List<Sample> samples = new ArrayList<>(sorted.size());
        for (Map.Entry<Key, Integer> c : sorted) {
            samples.add(new Sample(c.getKey().stack(), new long[] {c.getValue()}, c.getKey().labels()));
        }
        return new ProfileData(SAMPLE_TYPES, PERIOD_TYPE, 1, Clock.unixNanos(), 0, samples);
    }

    /**
     * Returns the goroutineleak profile (Go 1.26) of the leaks proven so far: one sample per
     * distinct stack and labels, its value the number of leaked goroutines, sample and period type
     * {@code goroutineleak/count} (Go writes it with the goroutine profile's writer under the
     * profile's name), stacks cut as the goroutine profile's.
     *
     * @param leaks the leak groups, most frequent first
     * @return the profile
     */
    public static ProfileData ofLeaks(List<LeakProfile.Sample> leaks) {
        List<Sample> samples = new ArrayList<>(leaks.size());
        for (LeakProfile.Sample l : leaks) {
            StackTraceElement[] stack = ProfileStacks.ofGoroutine(l.stack().toArray(StackTraceElement[]::new));
            samples.add(new Sample(ContentionProfile.frames(stack), new long[] {l.count()}, l.labels()));
        }
        return new ProfileData(LEAK_TYPES, LEAK_PERIOD_TYPE, 1, Clock.unixNanos(), 0, samples);
    }

    /**
     * Returns the number of goroutines the profile would have now, without taking stacks.
     *
     * @return the count
     */
    public static int count() {
        return Snapshot.take(false, true).goroutines().size() + LeakFinder.leakedIds().size();
    }
}
