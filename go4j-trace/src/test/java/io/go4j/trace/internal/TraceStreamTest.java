package io.go4j.trace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.trace.testing.GoTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TraceStream: a trace is written while it records (as Go's runtime/trace), the recording keeps
 * only what is not written yet, and the file is one trace Go's parser reads.
 */
class TraceStreamTest {
    private static final int ROUNDS = 2_000;

    @TempDir
    Path dir;

    /** Ping-pongs ROUNDS times between two goroutines, each goroutine new per batch of 100. */
    private static void pingPongs() throws InterruptedException {
        for (int batch = 0; batch < ROUNDS / 100; batch++) {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Thread peer = Go.go(() -> {
                for (Integer v : ping) {
                    pong.send(v + 1);
                }
            });
            for (int i = 0; i < 100; i++) {
                ping.send(i);
                pong.recv();
            }
            ping.close();
            peer.join(10_000);
        }
    }

    @Test
    void eventsAreWrittenWhileTheTraceRecordsAndTheRecordingDropsWhatIsWritten() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Recorder r = Recorder.start(2);
        Traces.begin(r);
        TraceStream s = TraceStream.start(r, out, Duration.ofDays(1));   // drained by hand below
        try {
            int header = out.size();
            pingPongs();
            long recorded = retained(r);
            assertTrue(recorded > 4 * ROUNDS, "events recorded: " + recorded);
            Thread.sleep(TraceStream.LAG.toMillis() + 50);   // the events age past the drain's lag
            s.drain();
            assertTrue(out.size() > header, "written while recording: " + out.size() + " bytes");
            long left = retained(r);
            // What is left: at most each live thread's newest chunk (the peers have ended and gone).
            assertTrue(left < recorded / 4, "left in memory: " + left + " of " + recorded);
        } finally {
            Traces.end(r);
            s.stop();
        }
        Path file = dir.resolve("streamed.trace");
        Files.write(file, out.toByteArray());
        List<String> events = GoTool.parsedEvents(dir, file);
        long peers = events.stream().filter(l -> l.contains(" GoEnd ")).count();
        assertEquals(ROUNDS / 100, peers, "every peer's end, across drains");
        long unblocks = events.stream().filter(l -> l.contains(" GoUnblock ")).count();
        assertTrue(unblocks >= ROUNDS / 2, "unblocks: " + unblocks);
    }

    @Test
    void aTraceDrainedManyTimesIsOneTraceGoReads() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Recorder r = Recorder.start(2);
        Traces.begin(r);
        TraceStream s = TraceStream.start(r, out, Duration.ofMillis(1));
        try {
            pingPongs();
        } finally {
            Traces.end(r);
            s.stop();
        }
        Path file = dir.resolve("drained.trace");
        Files.write(file, out.toByteArray());
        List<String> events = GoTool.parsedEvents(dir, file);
        assertEquals(ROUNDS / 100, events.stream().filter(l -> l.contains(" GoEnd ")).count());
    }

    @Test
    void anOutputThatFailsWhileRecordingFailsStopAndNothingPilesUp() throws Exception {
        OutputStream failing = new OutputStream() {
            private int written;

            @Override
            public void write(int b) throws IOException {
                if (++written > 16) {   // the header goes through, the first drain fails
                    throw new IOException("disk full");
                }
            }
        };
        Recorder r = Recorder.start(2);
        Traces.begin(r);
        TraceStream s = TraceStream.start(r, failing, Duration.ofDays(1));   // the header fits
        try {
            pingPongs();
            Thread.sleep(TraceStream.LAG.toMillis() + 50);
            long recorded = retained(r);
            s.drain();   // fails: kept for stop, and what follows is drained into nothing
            assertTrue(retained(r) < recorded / 4, "left in memory: " + retained(r) + " of " + recorded);
        } finally {
            Traces.end(r);
        }
        IOException e = assertThrows(IOException.class, s::stop);
        assertEquals("disk full", e.getMessage());
    }

    private static long retained(Recorder r) {
        long n = 0;
        for (EventBuffer b : r.buffers()) {
            n += b.retained();
        }
        return n;
    }
}
