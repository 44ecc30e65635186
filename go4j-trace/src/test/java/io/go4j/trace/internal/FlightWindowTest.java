package io.go4j.trace.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The flight recorder's window keeps its byte bound. */
class FlightWindowTest {
    @Test
    @DisplayName("after many more events than the bound holds, the window holds at most the bound plus each thread's newest chunk")
    void keepsItsBound() throws Exception {
        long bound = 128 << 10;
        FlightWindow w = FlightWindow.start(2, Duration.ofHours(1), bound);
        try {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Thread t = Go.go(() -> {
                for (Integer i : ping) {
                    pong.send(i);
                }
            });
            int rounds = 50_000;   // about 4 events a round: over 50 times the bound
            for (int i = 0; i < rounds; i++) {
                ping.send(i);
                pong.recv();
            }
            ping.close();
            t.join();
            w.trimNow();
            int threads = 0;
            for (EventBuffer b : w.recorder().buffers()) {
                threads++;
            }
            long slack = (long) threads * EventBuffer.CHUNK_EVENTS * EventBuffer.EVENT_BYTES;
            long held = w.bytesHeld();
            assertTrue(held <= bound + slack, "held " + held + " bytes, bound " + bound + " + " + slack);
            assertTrue(held > 0, "the recent past is kept");
        } finally {
            w.stop();
        }
    }
}
