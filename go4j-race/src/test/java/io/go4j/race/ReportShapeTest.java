package io.go4j.race;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import racecorpus.ReportShape;

/** A report has Go's shape, line for line (goroutine ids aside, which vary from run to run). */
class ReportShapeTest {
    @Test
    void aReportIsLaidOutLineForLineAsGoLaysItOut() throws Exception {
        Child.Result r = Child.run(ReportShape.class, List.of());
        String expected = """
                ==================
                WARNING: DATA RACE
                Write at racecorpus.ReportShape.x by main goroutine:
                  racecorpus.ReportShape.store()
                      racecorpus/ReportShape.java:9
                  racecorpus.ReportShape.main()
                      racecorpus/ReportShape.java:23

                Previous write at racecorpus.ReportShape.x by goroutine N:
                  racecorpus.ReportShape.store()
                      racecorpus/ReportShape.java:9
                  racecorpus.ReportShape.lambda$startRacer$0()
                      racecorpus/ReportShape.java:13

                Goroutine N (finished) created at:
                  racecorpus.ReportShape.startRacer()
                      racecorpus/ReportShape.java:14
                  racecorpus.ReportShape.main()
                      racecorpus/ReportShape.java:19
                ==================
                Found 1 data race(s)
                """;
        assertEquals(expected, r.stderr().replaceAll("oroutine \\d+", "oroutine N"));
        assertEquals(66, r.exit());
    }

    @Test
    @DisplayName("a goroutine's creation is its creator's chain of calls, from the call of Go.go out")
    void aGoroutinesCreationIsItsCreatorsChainOfCalls() throws Exception {
        Child.Result r = Child.run(raceload.GoCreatedAt.class, List.of());
        assertEquals(1, r.races(), r.stderr());
        String creation = r.stderr().replaceAll("(?s).*\n(Goroutine \\d+ \\((running|finished)\\) created at:\n.*?)\n=+\n.*", "$1");
        assertEquals("""
                Goroutine N created at:
                  raceload.GoCreatedAt.startRacer()
                      raceload/GoCreatedAt.java:20
                  raceload.GoCreatedAt.main()
                      raceload/GoCreatedAt.java:29""",
                creation.replaceAll("Goroutine \\d+ \\((running|finished)\\)", "Goroutine N"), r.stderr());
    }

    @Test
    @DisplayName("the smallest history (Go's history_size=0) still has the previous access's callers in a small program")
    void theSmallestHistoryStillHasThePreviousCallers() throws Exception {
        Child.Result r = Child.run(ReportShape.class, List.of("-Dgo4j.race=history_size=0"));
        String previous = r.stderr().replaceAll("(?s).*(Previous write at.*?)\n\n.*", "$1");
        assertEquals("""
                Previous write at racecorpus.ReportShape.x by goroutine N:
                  racecorpus.ReportShape.store()
                      racecorpus/ReportShape.java:9
                  racecorpus.ReportShape.lambda$startRacer$0()
                      racecorpus/ReportShape.java:13""", previous.replaceAll("oroutine \\d+", "oroutine N"));
    }
}
