package io.go4j.debug.internal.leak;

import java.util.List;
import java.util.Map;

/**
 * LeakProfile is the data of the {@code goroutineleak} pprof profile (Go 1.26): every goroutine
 * proven leaked so far, grouped by stack and labels. The pprof encoder turns each {@link Sample}
 * into one sample of {@code goroutine/count} with its stack's locations and its labels.
 */
public final class LeakProfile {
    private LeakProfile() {}

    /**
     * One group of leaked goroutines with the same stack and labels.
     *
     * @param stack  the stack captured just before the proving collection, innermost frame
     *               first (empty if the goroutine's wait changed in between)
     * @param labels the goroutines' profiler labels, sorted by key
     * @param count  how many leaked goroutines share them
     */
    public record Sample(List<StackTraceElement> stack, Map<String, String> labels, long count) {}

    /**
     * Runs a leak check, as Go does when the profile is asked for, then returns every leak
     * proven so far, grouped, most frequent first.
     *
     * @return the samples
     * @throws IllegalStateException if leaks cannot be proven in this JVM (see
     *         {@link LeakFinder#check()})
     */
    public static List<Sample> collect() {
        LeakFinder.check();
        return LeakFinder.groups();
    }

    /**
     * Returns every leak proven so far, grouped, most frequent first, without a new check.
     *
     * @return the samples
     */
    public static List<Sample> samples() {
        return LeakFinder.groups();
    }
}
