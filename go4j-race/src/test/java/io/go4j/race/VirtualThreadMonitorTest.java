package io.go4j.race;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import racecorpus.SynchronizedVirtualThreads;

/**
 * The agent's monitor instrumentation survives collections that move a monitor's object while a
 * virtual thread waits for it (Transformer's note on MONITORENTER): with a 4 MB young generation
 * (a collection every few rounds), the program's monitors keep their identity and no race is
 * reported. Before the fix every run of this failed: a report, a changed identity hash or a JVM
 * crash in the collector.
 */
class VirtualThreadMonitorTest {
    @Test
    void aMonitorAVirtualThreadWaitsForStaysTheSameObjectAcrossCollections() throws Exception {
        Child.Result r = Child.run(SynchronizedVirtualThreads.class, List.of("-Xmn4m"), "20000");
        String why = "exit " + r.exit() + "; stderr:\n" + r.stderr().lines().limit(40).reduce("", (a, b) -> a + b + "\n");
        assertEquals(0, r.races(), why);
        assertEquals(0, r.exit(), why);
    }
}
