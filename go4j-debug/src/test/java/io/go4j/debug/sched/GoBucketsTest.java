package io.go4j.debug.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.debug.SchedLatency;
import io.go4j.debug.testing.GoTool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SchedLatency's buckets are those of the installed Go's runtime/metrics")
class GoBucketsTest {

    /** Prints the metric's bucket boundaries, then its number of counts, one number a line. */
    private static final String PROGRAM = """
            package main

            import (
            \t"fmt"
            \t"runtime/metrics"
            \t"strconv"
            )

            func main() {
            \ts := []metrics.Sample{{Name: "/sched/latencies:seconds"}}
            \tmetrics.Read(s)
            \th := s[0].Value.Float64Histogram()
            \tfor _, b := range h.Buckets {
            \t\tfmt.Println(strconv.FormatFloat(b, 'g', -1, 64))
            \t}
            \tfmt.Println("counts", len(h.Counts))
            }
            """;

    @Test
    @DisplayName("the 722 boundaries equal, bit for bit, what Go's runtime/metrics reports")
    void boundariesEqualGos(@TempDir Path dir) throws IOException {
        String text = GoTool.runProgram(dir, PROGRAM);
        List<String> lines = text.lines().toList();
        assertEquals("counts 721", lines.get(lines.size() - 1), text);
        double[] ours = SchedLatency.histogram().buckets();
        assertEquals(lines.size() - 1, ours.length, "number of boundaries");
        for (int i = 0; i < ours.length; i++) {
            double theirs = switch (lines.get(i)) {
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "+Inf" -> Double.POSITIVE_INFINITY;
                default -> Double.parseDouble(lines.get(i));
            };
            assertEquals(Double.doubleToLongBits(theirs), Double.doubleToLongBits(ours[i]),
                    "boundary " + i + ": Go " + lines.get(i) + ", go4j " + ours[i]);
        }
    }
}
