package io.go4j;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** Profiler labels: Go's pprof.Do and its inheritance by goroutines. */
class LabelsTest {

    @Test
    @DisplayName("withLabels sets labels for its body and restores the previous ones after it")
    void withLabelsSetsAndRestores() {
        TestSupport.completesRun("labels", () -> {
            assertEquals(Map.of(), Go.labels());
            Go.withLabels(Map.of("request", "a1"), () -> {
                assertEquals(Map.of("request", "a1"), Go.labels());
                Go.withLabels(Map.of("request", "b2", "handler", "list"), () ->
                        assertEquals(Map.of("handler", "list", "request", "b2"), Go.labels()));
                assertEquals(Map.of("request", "a1"), Go.labels(), "the inner call restored the outer labels");
            });
            assertEquals(Map.of(), Go.labels());
        });
    }

    @Test
    @DisplayName("labels are restored even when the body throws")
    void labelsRestoredWhenBodyThrows() {
        TestSupport.completesRun("labels", () -> {
            assertThrows(IllegalStateException.class, () -> Go.withLabels(Map.of("k", "v"), () -> {
                throw new IllegalStateException("boom");
            }));
            assertEquals(Map.of(), Go.labels());
        });
    }

    @Test
    @DisplayName("labels are sorted by key, as Go prints them")
    void labelsAreSortedByKey() {
        TestSupport.completesRun("labels", () -> {
            Map<String, String> unsorted = new HashMap<>();
            for (String k : List.of("zeta", "alpha", "mid", "beta")) {
                unsorted.put(k, k.toUpperCase());
            }
            Go.withLabels(unsorted, () ->
                    assertEquals(List.of("alpha", "beta", "mid", "zeta"), List.copyOf(Go.labels().keySet())));
        });
    }

    @Test
    @DisplayName("a goroutine inherits the labels its creator has when it calls go, and keeps them")
    void goroutinesInheritTheirCreatorsLabels() {
        Chan<Map<String, String>> seen = Chan.make(1);
        Chan<Empty> proceed = Chan.make();
        TestSupport.completesRun("labels", () -> {
            Go.withLabels(Map.of("job", "7"), () -> Go.go(() -> {
                proceed.recv();
                seen.send(Go.labels());
            }));
            proceed.send(Empty.VALUE);   // the creator has left withLabels by now
            assertEquals(Map.of("job", "7"), seen.recv());
        });
    }

    @Test
    @DisplayName("labels appear in Go.goroutines()")
    void labelsAppearInGoroutineInfo() {
        Chan<Empty> release = Chan.make();
        Thread t = Go.go(() -> Go.withLabels(Map.of("worker", "w1"), release::recv));
        try {
            TestSupport.awaitWaitReason(t, "chan receive");
            GoroutineInfo info = TestSupport.infoOf(t);
            assertEquals(Map.of("worker", "w1"), info.labels());
        } finally {
            release.close();
        }
        TestSupport.join(t, "labelled goroutine");
    }

    @Test
    @DisplayName("a thread not started by go can carry labels too")
    void plainThreadsCarryLabels() throws Exception {
        AtomicReference<Map<String, String>> seen = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> Go.withLabels(Map.of("k", "v"), () -> seen.set(Go.labels())));
        TestSupport.join(t, "platform thread");
        assertEquals(Map.of("k", "v"), seen.get());
    }

    @Test
    @DisplayName("a null label key or value is rejected with NullPointerException and changes nothing")
    void nullLabelsAreRejected() {
        TestSupport.completesRun("labels", () -> {
            Map<String, String> nullValue = new HashMap<>();
            nullValue.put("k", null);
            assertThrows(NullPointerException.class, () -> Go.withLabels(nullValue, () -> fail("ran")));
            assertThrows(NullPointerException.class, () -> Go.withLabels(null, () -> fail("ran")));
            assertThrows(NullPointerException.class, () -> Go.withLabels(Map.of(), null));
            assertEquals(Map.of(), Go.labels());
        });
    }
}
