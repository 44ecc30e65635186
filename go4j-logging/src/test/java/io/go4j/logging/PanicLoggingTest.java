package io.go4j.logging;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.go4j.Go.go;
import static io.go4j.logging.Threads.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With -Dgo4j.log=system (set by this module's surefire configuration) and
 * slf4j-jdk-platform-logging on the class path, a goroutine's panic report is a Logback event.
 */
class PanicLoggingTest {

    @Test
    @DisplayName("a goroutine's panic is logged at ERROR by the logger io.go4j, in Go's format")
    void aGoroutinesPanicIsLoggedInGosFormat() throws InterruptedException {
        Thread t = go(() -> {
            throw new IllegalStateException("boom-for-the-log");
        });
        join(t);   // the report is made on the goroutine's thread before it ends
        List<String> lines = LinesAppender.LINES.stream().filter(l -> l.contains("boom-for-the-log")).toList();
        assertEquals(1, lines.size(), lines::toString);
        String line = lines.get(0);
        assertTrue(line.startsWith("ERROR io.go4j "), line);
        assertTrue(line.contains("panic: java.lang.IllegalStateException: boom-for-the-log\n\ngoroutine "
                + t.threadId() + " [running]:\n"), line);
        assertTrue(line.contains("created by "), line);
    }
}
