package io.go4j.trace.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyses on recorded go4j programs: the scheduling latency, the goroutine groups' time by
 * state, the longest blocking episodes with their blocker and releaser.
 */
class TraceAnalysisTest {
    private static final long MS = 1_000_000;

    @TempDir
    Path dir;

    @Test
    @DisplayName("goroutines queueing on one mutex form one group whose time is blocked on sync, released by each other")
    void aMutexGroupIsBlockedOnSyncAndReleasedByItsPeers() throws Exception {
        TraceReport r = TraceAnalysis.of(List.of()).top(20).run(Planted.record(dir, "convoy", Planted::lockConvoy));
        TraceReport.Group g = r.groups().stream().filter(x -> x.function().contains("Planted.lambda$convoyShape"))
                .findFirst().orElseThrow(() -> new AssertionError(r.groupsText()));
        // go4j names a goroutine by its first recorded stack's outermost frame, or its creation
        // site if it never blocked: the six are in one or two groups, all under convoyShape.
        assertEquals(Planted.CONVOY_GOROUTINES, r.groups().stream().filter(x -> x.function().contains("convoyShape"))
                .mapToInt(TraceReport.Group::goroutines).sum(), r.groupsText());
        assertTrue(g.running() > 0, r.groupsText());
        assertTrue(g.blocked().getOrDefault("sync", 0L) > 0, r.groupsText());
        // The longest wait on the lock (on a loaded machine, the six goroutines' wait for the start
        // signal, a chan receive, can be longer: at most six episodes of the twenty).
        TraceReport.Episode longest = r.episodes().stream().filter(e -> e.reason().equals("sync")).findFirst()
                .orElseThrow(() -> new AssertionError(r.episodesText()));
        assertTrue(longest.blocker().get(0).function().contains("Mutex.lock"), r.episodesText());
        assertTrue(longest.releaserFunction().contains("Planted.lambda$convoyShape"), r.episodesText());
        assertTrue(longest.releaserStack().stream().anyMatch(f -> f.function().contains("Mutex.unlock")),
                r.episodesText());
        for (int i = 1; i < r.episodes().size(); i++) {
            assertTrue(r.episodes().get(i).duration() <= r.episodes().get(i - 1).duration(), "longest first");
        }
        assertTrue(r.text().contains("Longest blocking episodes"), r.text());
    }

    @Test
    @DisplayName("a goroutine still blocked when the trace ends is an episode released by no one")
    void aGoroutineBlockedAtTheEndIsReleasedByNoOne() throws Exception {
        TraceReport r = TraceAnalysis.of(List.of()).run(Planted.record(dir, "leak", Planted::leakingConsumer));
        TraceReport.Episode stuck = r.episodes().stream().filter(e -> e.releasedBy() < 0).findFirst()
                .orElseThrow(() -> new AssertionError(r.episodesText()));
        assertEquals("chan receive", stuck.reason());
        assertTrue(stuck.function().contains("Planted.lambda$producerConsumer"), r.episodesText());
        assertTrue(r.episodesText().contains("still blocked when the trace ended"), r.episodesText());
    }

    @Test
    @DisplayName("a wake-up while every carrier spins shows in the scheduling latency's maximum and histogram")
    void aWakeUpDuringSpinningShowsInTheLatency() throws Exception {
        TraceReport r = TraceAnalysis.of(List.of()).run(Planted.record(dir, "spin", Planted::wakeDuringSpin));
        TraceReport.Latency l = r.latency();
        assertTrue(l.max() >= 50 * MS, r.latencyText());
        assertTrue(l.p50() <= l.p90() && l.p90() <= l.p99() && l.p99() <= l.max(), r.latencyText());
        assertEquals(l.count(), l.bins().stream().mapToLong(TraceReport.Bin::count).sum(), "every start in a bin");
        assertTrue(r.json().contains("\"max\":" + l.max()), r.json());
    }
}
