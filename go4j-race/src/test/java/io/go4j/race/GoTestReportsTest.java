package io.go4j.race;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.race.internal.rt.GoTestReports;
import io.go4j.test.RaceReports;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** go4j-test finds go4j-race's provider the way it finds every RaceReports provider. */
class GoTestReportsTest {
    @Test
    void go4jTestsServiceLoaderFindsTheProvider() {
        List<String> found = ServiceLoader.load(RaceReports.class, RaceReports.class.getClassLoader()).stream()
                .map(p -> p.type().getName()).filter(n -> n.startsWith("io.go4j.race.")).toList();
        assertEquals(List.of(GoTestReports.class.getName()), found);
    }

    @Test
    void withNoRaceDetectedThereIsNothingToDrain() {
        assertEquals(List.of(), new GoTestReports().drain());
    }
}
