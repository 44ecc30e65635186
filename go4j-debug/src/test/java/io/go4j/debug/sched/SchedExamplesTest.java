package io.go4j.debug.sched;

import static io.go4j.Go.go;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.go4j.Chan;
import io.go4j.debug.SchedLatency;
import io.go4j.debug.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SchedLatency's Javadoc example runs and prints what it says")
class SchedExamplesTest {

    @AfterEach
    void disable() {
        SchedLatency.disable();
    }

    @Test
    @DisplayName("the example measures a goroutine's start and prints the text's first line")
    void exampleSchedLatency() {
        String printed = assertTimeoutPreemptively(Await.LONG, () -> {
            PrintStream stdout = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setOut(new PrintStream(captured, true, UTF_8));
            try {
                // example:SchedLatency
                SchedLatency.enable();
                Chan<String> done = Chan.make();
                go(() -> done.send("ok"));   // its start, from go() to running, is measured
                done.recv();
                SchedLatency.Histogram h = SchedLatency.histogram();
                System.out.println(h.count() >= 1);   // true
                System.out.println(h.toText().lines().findFirst().orElseThrow());
                // # scheduling latency: time goroutines spent runnable before running
                // end example
            } finally {
                System.setOut(stdout);
            }
            return captured.toString(UTF_8);
        });
        assertEquals("true\n# scheduling latency: time goroutines spent runnable before running\n", printed);
    }

    @Test
    @DisplayName("the Javadoc example is the code this test runs")
    void javadocIsTestedCode() throws IOException {
        assertEquals(CoreProbe.exampleRegion(SchedExamplesTest.class, "SchedLatency"),
                CoreProbe.javadocExample(SchedLatency.class));
    }
}
