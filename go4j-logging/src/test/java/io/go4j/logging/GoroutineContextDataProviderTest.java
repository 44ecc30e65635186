package io.go4j.logging;

import io.go4j.Go;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.go4j.Go.go;
import static io.go4j.logging.Threads.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * GoroutineContextDataProvider with real Log4j 2: log4j2-test.xml writes formatted lines to a file,
 * found by Log4j through ServiceLoader with nothing installed.
 */
class GoroutineContextDataProviderTest {
    private static final Logger LOG = LogManager.getLogger(GoroutineContextDataProviderTest.class);

    private static List<String> linesEndingWith(String msg) throws IOException {
        Path file = Path.of(System.getProperty("go4j.test.log4jFile"));
        return Files.readAllLines(file).stream().filter(l -> l.endsWith(" " + msg)).toList();
    }

    @Test
    @DisplayName("a goroutine's Log4j lines carry its id, its creator and the labels it inherited")
    void aGoroutinesLinesCarryIdCreatorAndInheritedLabels() throws Exception {
        AtomicLong id = new AtomicLong();
        Thread[] t = new Thread[1];
        Go.withLabels(Map.of("request", "l4j"), () -> t[0] = go(() -> {
            id.set(Go.goid());
            LOG.info("log4j-started");
        }));
        join(t[0]);
        assertEquals(List.of("INFO goroutine=" + id.get() + " creator=" + Go.goid() + " request=l4j log4j-started"),
                linesEndingWith("log4j-started"));
    }

    @Test
    @DisplayName("a label change shows in the next line, and leaving withLabels removes it")
    void aLabelChangeShowsInTheNextLine() throws Exception {
        join(go(() -> {
            Go.withLabels(Map.of("request", "in"), () -> LOG.info("log4j-inside"));
            LOG.info("log4j-after");
        }));
        assertEquals(1, linesEndingWith("log4j-inside").size());
        assertEquals(true, linesEndingWith("log4j-inside").get(0).contains(" request=in "));
        assertEquals(true, linesEndingWith("log4j-after").get(0).contains(" request= "));
    }

    @Test
    @DisplayName("a thread go() did not start logs its thread id and no creator")
    void aThreadGoDidNotStartLogsItsIdAndNoCreator() throws Exception {
        LOG.info("log4j-main");
        assertEquals(List.of("INFO goroutine=" + Go.goid() + " creator= request= log4j-main"),
                linesEndingWith("log4j-main"));
    }

    @Test
    @DisplayName("the keys reach the event's context data, not Log4j's ThreadContext: %X prints them, ThreadContext.get does not see them")
    void theKeysAreInTheEventsContextDataNotInTheThreadContext() throws Exception {
        String[] seen = new String[3];
        AtomicLong id = new AtomicLong();
        Thread[] t = new Thread[1];
        Go.withLabels(Map.of("request", "tc"), () -> t[0] = go(() -> {
            id.set(Go.goid());
            LOG.info("log4j-thread-context");
            seen[0] = ThreadContext.get("goroutine");
            seen[1] = ThreadContext.get("request");
            seen[2] = String.valueOf(ThreadContext.getContext().keySet());
        }));
        join(t[0]);
        assertEquals(List.of("INFO goroutine=" + id.get() + " creator=" + Go.goid() + " request=tc log4j-thread-context"),
                linesEndingWith("log4j-thread-context"));
        assertNull(seen[0]);
        assertNull(seen[1]);
        assertEquals("[]", seen[2]);
    }
}
