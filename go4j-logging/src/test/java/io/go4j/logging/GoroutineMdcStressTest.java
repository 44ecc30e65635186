package io.go4j.logging;

import io.go4j.Go;
import io.go4j.errgroup.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many goroutines changing labels at once, each logging: every line carries the id and label of
 * the goroutine that logged it, never another's. Short under CI=true.
 */
class GoroutineMdcStressTest {
    private static final boolean SHORT = Boolean.getBoolean("go4j.ci") || "true".equalsIgnoreCase(System.getenv("CI"));
    private static final int GOROUTINES = SHORT ? 200 : 2_000;
    private static final int ROUNDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger("stress");
    private static final Pattern LINE = Pattern.compile(
            "INFO stress goroutine=(\\d+) creator=\\d+ request=(\\S*) user= stress (\\d+) (\\d+) (\\S+)");

    @BeforeEach
    void install() {
        GoroutineMdc.install();
        LinesAppender.LINES.clear();
    }

    @AfterEach
    void uninstall() {
        GoroutineMdc.uninstall();
        LinesAppender.LINES.clear();
    }

    @Test
    @DisplayName("goroutines changing labels concurrently each log their own id and label")
    void goroutinesChangingLabelsEachLogTheirOwn() {
        Group g = new Group();
        for (int i = 0; i < GOROUTINES; i++) {
            int n = i;
            g.go(() -> {
                for (int r = 0; r < ROUNDS; r++) {
                    String request = "r" + n + "-" + r;
                    int round = r;
                    Go.withLabels(Map.of("request", request), () ->
                            LOG.info("stress {} {} {}", Go.goid(), round, request));
                    LOG.info("stress {} {} {}", Go.goid(), round, "-");
                }
            });
        }
        assertNull(g.await());
        var lines = LinesAppender.LINES.stream().filter(l -> l.startsWith("INFO stress ")).toList();
        assertEquals(GOROUTINES * ROUNDS * 2, lines.size());
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), line);
            assertEquals(m.group(3), m.group(1), () -> "the id in the MDC is the logger's: " + line);
            String expected = m.group(5).equals("-") ? "" : m.group(5);
            assertEquals(expected, m.group(2), () -> "the label in the MDC is the logger's: " + line);
        }
    }
}
