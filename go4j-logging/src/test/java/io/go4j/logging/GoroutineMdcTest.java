package io.go4j.logging;

import io.go4j.Chan;
import io.go4j.Go;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.go4j.Go.go;
import static io.go4j.logging.Threads.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GoroutineMdc with real Logback: the lines are formatted by logback-test.xml's pattern. */
class GoroutineMdcTest {
    private static final Logger LOG = LoggerFactory.getLogger(GoroutineMdcTest.class);

    @BeforeEach
    void install() {
        GoroutineMdc.install();
        LinesAppender.LINES.clear();
    }

    @AfterEach
    void uninstall() {
        GoroutineMdc.uninstall();
    }

    @Test
    @DisplayName("a goroutine's log lines carry its id and its creator's id")
    void aGoroutinesLinesCarryItsIdAndItsCreatorsId() throws InterruptedException {
        AtomicLong id = new AtomicLong();
        Thread t = go(() -> {
            id.set(Go.goid());
            LOG.info("started");
        });
        join(t);
        assertEquals(List.of("INFO " + GoroutineMdcTest.class.getName() + " goroutine=" + id.get()
                        + " creator=" + Go.goid() + " request= user= started"),
                LinesAppender.withMessage("started"));
    }

    @Test
    @DisplayName("labels follow the creator into the goroutines it starts, and into theirs")
    void labelsFollowTheCreatorIntoGoroutines() throws InterruptedException {
        Chan<Thread> grandchild = Chan.make(1);
        Go.withLabels(Map.of("request", "abc"), () -> {
            Thread child = go(() -> grandchild.send(go(() -> LOG.info("grandchild"))));
            try {
                join(child);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        join(grandchild.recv());
        List<String> lines = LinesAppender.withMessage("grandchild");
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).contains(" request=abc "), lines::toString);
    }

    @Test
    @DisplayName("a label change inside a goroutine shows in its lines, and leaving withLabels removes it")
    void aLabelChangeShowsAndLeavingRemovesIt() throws InterruptedException {
        join(go(() -> {
            Go.withLabels(Map.of("request", "r-1"), () -> LOG.info("inside"));
            LOG.info("after");
        }));
        assertTrue(LinesAppender.withMessage("inside").get(0).contains(" request=r-1 "));
        assertTrue(LinesAppender.withMessage("after").get(0).contains(" request= "));
    }

    @Test
    @DisplayName("the application's own MDC entries survive label changes")
    void theApplicationsOwnEntriesSurviveLabelChanges() throws InterruptedException {
        join(go(() -> {
            MDC.put("user", "ann");
            Go.withLabels(Map.of("request", "r-2"), () -> LOG.info("labelled"));
            LOG.info("unlabelled");
        }));
        assertTrue(LinesAppender.withMessage("labelled").get(0).contains(" request=r-2 user=ann "));
        assertTrue(LinesAppender.withMessage("unlabelled").get(0).contains(" request= user=ann "));
    }

    @Test
    @DisplayName("a thread go() did not start gets its id and labels, without a creator, once it sets labels")
    void aThreadGoDidNotStartGetsItsIdAndLabels() throws InterruptedException {
        Thread t = Thread.ofPlatform().start(() ->
                Go.withLabels(Map.of("request", "main-ish"), () -> LOG.info("adopted")));
        join(t);
        assertEquals(List.of("INFO " + GoroutineMdcTest.class.getName() + " goroutine=" + t.threadId()
                        + " creator= request=main-ish user= adopted"),
                LinesAppender.withMessage("adopted"));
    }

    @Test
    @DisplayName("after uninstall, new goroutines get no entries")
    void afterUninstallNewGoroutinesGetNoEntries() throws InterruptedException {
        GoroutineMdc.uninstall();
        assertFalse(GoroutineMdc.isInstalled());
        join(go(() -> LOG.info("plain")));
        assertTrue(LinesAppender.withMessage("plain").get(0).contains(" goroutine= creator= "));
    }
}
