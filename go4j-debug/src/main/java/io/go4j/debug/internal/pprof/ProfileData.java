package io.go4j.debug.internal.pprof;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ProfileData is one profile before it is encoded: what its values mean, when it was taken, and
 * its samples.
 *
 * <p>Invariants: every sample has one value per sample type; no two samples have the same stack
 * and labels (builders aggregate them).
 *
 * @param sampleTypes   what each value of a sample counts, e.g. contentions/count, delay/nanoseconds
 * @param periodType    what the sampling period is measured in
 * @param period        the sampling period
 * @param timeNanos     when the profile was taken (or began), Unix nanoseconds
 * @param durationNanos how long it covers, 0 if it is an instant
 * @param samples       the samples, in the order they are written
 */
public record ProfileData(List<ValueType> sampleTypes, ValueType periodType, long period, long timeNanos,
                          long durationNanos, List<Sample> samples) {

    /**
     * Returns this profile minus {@code base}, as net/http/pprof's {@code seconds=N} does
     * (the base scaled by -1, merged, all-zero samples dropped): the events between the two.
     * The result has this profile's time, and the time between the two as its duration.
     *
     * @param base the profile at the start
     * @return the difference
     * @throws IllegalArgumentException if the two do not have the same sample types
     */
    public ProfileData minus(ProfileData base) {
        if (!sampleTypes.equals(base.sampleTypes)) {
            throw new IllegalArgumentException("profiles differ in sample types: " + sampleTypes + " and "
                    + base.sampleTypes);
        }
        record Key(List<Frame> stack, Map<String, String> labels) {}
        Map<Key, long[]> before = new HashMap<>();
        for (Sample s : base.samples) {
            before.put(new Key(s.stack(), s.labels()), s.values());
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            long[] v = s.values().clone();
            long[] b = before.remove(new Key(s.stack(), s.labels()));
            if (b != null) {
                for (int i = 0; i < v.length; i++) {
                    v[i] -= b[i];
                }
            }
            if (!allZero(v)) {
                out.add(new Sample(s.stack(), v, s.labels()));
            }
        }
        for (Map.Entry<Key, long[]> gone : before.entrySet()) {   // in base only: negative, as pprof does
            long[] v = Arrays.stream(gone.getValue()).map(x -> -x).toArray();
            if (!allZero(v)) {
                out.add(new Sample(gone.getKey().stack(), v, gone.getKey().labels()));
            }
        }
        return new ProfileData(sampleTypes, periodType, period, timeNanos, timeNanos - base.timeNanos, out);
    }

    private static boolean allZero(long[] v) {
        for (long x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
