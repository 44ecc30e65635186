package io.go4j.test;

import io.go4j.Go;
import java.util.ArrayList;
import java.util.List;

/** A race detector for tests: it reports the races it is told of, as go4j-race will report real ones. */
public final class FakeRaceReports implements RaceReports {
    private static final List<Race> DETECTED = new ArrayList<>();   // guarded by DETECTED

    /**
     * Reports a race found by the current goroutine.
     *
     * @param report the race's text
     */
    public static void detect(String report) {
        synchronized (DETECTED) {
            DETECTED.add(new Race(report, Go.labels()));
        }
    }

    @Override
    public List<Race> drain() {
        synchronized (DETECTED) {
            List<Race> out = List.copyOf(DETECTED);
            DETECTED.clear();
            return out;
        }
    }
}
