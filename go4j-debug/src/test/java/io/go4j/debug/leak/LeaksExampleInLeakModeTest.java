package io.go4j.debug.leak;

import static io.go4j.Go.go;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.debug.Leaks;
import io.go4j.debug.deadlock.Snippets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The example of {@link Leaks}' Javadoc is this tested code (in the leak-mode execution). */
@EnabledIfSystemProperty(named = "go4j.leakDetection", matches = "true",
        disabledReason = "needs -Dgo4j.leakDetection=true -Djdk.trackAllThreads=false (the leak-mode surefire execution)")
class LeaksExampleInLeakModeTest {

    /** Starts a goroutine blocked on a channel nobody else has; returns its id. */
    private static long leakOne() {
        Chan<String> c = Chan.make();
        return go(() -> {
            c.recvOk();
        }).threadId();
    }

    @Test
    @DisplayName("the example prints each goroutine the check proved leaked")
    void exampleLeaks() throws Exception {
        Leaks.find();   // forget what earlier tests left
        long id = leakOne();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            while (Go.goroutines().stream().noneMatch(g -> g.id() == id && "chan receive".equals(g.waitReason()))) {
                Thread.sleep(1);   // a poll; the bound decides
            }
        });
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, UTF_8));
        try {
            // example:Leaks
            // java -Dgo4j.leakDetection=true -Djdk.trackAllThreads=false ...
            for (Leaks.LeakedGoroutine g : Leaks.find()) {
                System.out.println("goroutine " + g.id() + " [" + g.waitReason() + " (leaked)]");
            }
            // end
        } finally {
            System.setOut(stdout);
        }
        assertEquals("goroutine " + id + " [chan receive (leaked)]\n",
                captured.toString(UTF_8).replace(System.lineSeparator(), "\n"));
        Snippets.assertExampleIsTested("src/main/java/io/go4j/debug/Leaks.java",
                "src/test/java/io/go4j/debug/leak/LeaksExampleInLeakModeTest.java", "Leaks");
    }
}
