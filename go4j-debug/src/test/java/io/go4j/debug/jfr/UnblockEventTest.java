package io.go4j.debug.jfr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.debug.JfrEvents;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** go4j.Unblock: who woke whom, with the waker's stack, when a recording enables it. */
class UnblockEventTest {
    @AfterEach
    void uninstall() {
        JfrEvents.uninstall();
    }

    @Test
    void aSendThatWakesAReceiverIsAnUnblockFromTheSenderWithItsStack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("unblock.jfr");
        Chan<Integer> c = Chan.make();
        Thread receiver;
        Thread sender;
        JfrEvents.install();
        try (Recording r = new Recording()) {
            r.enable(JfrEvents.UNBLOCK).withStackTrace();
            r.start();
            receiver = Go.go(c::recv);
            long deadline = System.nanoTime() + 10_000_000_000L;   // until it parks: else the send wakes no one
            while (receiver.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            sender = Go.go(() -> sendOnce(c));
            sender.join(10_000);
            receiver.join(10_000);
            r.stop();
            r.dump(file);
        }
        long from = sender.threadId();
        long to = receiver.threadId();
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals(JfrEvents.UNBLOCK)
                        && e.getLong("goroutineId") == from && e.getLong("wokenId") == to
                        && e.getStackTrace().getFrames().stream().anyMatch(f -> f.getMethod().getName().equals("sendOnce"))),
                "an unblock of " + to + " by " + from + " from sendOnce in " + events);
    }

    private static void sendOnce(Chan<Integer> c) {
        c.send(1);
    }
}
