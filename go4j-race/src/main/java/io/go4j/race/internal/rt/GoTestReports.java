package io.go4j.race.internal.rt;

import io.go4j.test.RaceReports;
import java.util.List;

/**
 * GoTestReports is go4j-race's {@link RaceReports} provider: go4j-test drains it at the end of each
 * checked test and fails the test whose goroutine raced ("race detected during execution of
 * test"), as {@code go test -race} does. Registered in the agent jar's
 * {@code META-INF/services}; loaded only where go4j-test is.
 */
public final class GoTestReports implements RaceReports {
    /** Made by the ServiceLoader. */
    public GoTestReports() {}

    @Override
    public List<Race> drain() {
        return Reporter.drain().stream().map(k -> new Race(k.report(), k.labels())).toList();
    }
}
