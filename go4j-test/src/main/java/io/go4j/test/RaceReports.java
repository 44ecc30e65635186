package io.go4j.test;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * RaceReports is the service a race detector (go4j-race) provides so that a data race it detects
 * during a test fails that test, as {@code go test -race} does ("race detected during execution
 * of test"). go4j-test finds providers with {@link java.util.ServiceLoader} (a
 * {@code provides io.go4j.test.RaceReports with ...} clause, or a
 * {@code META-INF/services/io.go4j.test.RaceReports} file) and, at the end of each test checked
 * by {@link GoLeakExtension}, drains them.
 *
 * <p>A detector keeps each race it finds until {@link #drain()} takes it, with the profiler
 * labels ({@link io.go4j.Go#labels()}) of the goroutine whose access revealed it: go4j-test
 * labels each test's goroutines, so it gives each race to the test whose goroutine raced, also
 * when tests run in parallel.
 *
 * <p>go4j-test is the only caller of {@link #drain()}; it calls it from any thread, one call at a
 * time.
 */
public interface RaceReports {

    /**
     * One detected data race.
     *
     * @param report the detector's report, as Go's race detector prints one
     *               ({@code WARNING: DATA RACE}, then the two accesses' stacks)
     * @param labels the profiler labels of the goroutine whose access revealed the race, read with
     *               {@link io.go4j.Go#labels()} on that goroutine when the race was detected
     */
    record Race(String report, Map<String, String> labels) {
        /**
         * Checks and copies the fields.
         *
         * @param report the report
         * @param labels the labels
         * @throws NullPointerException if either is null
         */
        public Race {
            Objects.requireNonNull(report, "report");
            labels = Map.copyOf(labels);
        }
    }

    /**
     * Returns the races detected since the previous call, in the order they were detected, and
     * forgets them.
     *
     * @return the races, empty if none
     */
    List<Race> drain();
}
