package io.go4j.reliability.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.reliability.soak.DeliveryChecker.Verdict;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * DeliveryCheckerTest proves that the soak's checks can fail: it feeds {@link DeliveryChecker}
 * logs of a delivery that Go's channel rules allow, then the same logs corrupted in each way a
 * broken channel could corrupt them (a message lost, duplicated, invented, delivered on the
 * wrong channel, or out of order), and checks each corruption is reported, and only it. It also
 * shows a {@link TimerBook} that balances, and one that does not.
 */
class DeliveryCheckerTest {

    /** Sender 0 committed 3 messages on chan 0 and 2 on chan 1; sender 1 committed 2 on chan 0. */
    private static final int[][] COMMITTED = {{3, 2}, {2, 0}};

    /** A delivery Go allows: receivers a and b share chan 0, interleaving its two senders. */
    private static List<ReceiveLog> goodLogs() {
        ReceiveLog a = new ReceiveLog("a");
        a.add(0, new Msg(0, 0, 0));
        a.add(0, new Msg(1, 0, 0));
        a.add(0, new Msg(0, 0, 2));
        a.add(1, new Msg(0, 1, 0));
        ReceiveLog b = new ReceiveLog("b");
        b.add(0, new Msg(0, 0, 1));
        b.add(1, new Msg(0, 1, 1));
        b.add(0, new Msg(1, 0, 1));
        return List.of(a, b);
    }

    @Test
    @DisplayName("a delivery that follows Go's rules passes")
    void aCorrectDeliveryPasses() {
        Verdict v = DeliveryChecker.check(COMMITTED, goodLogs());
        assertTrue(v.ok(), v.toString());
        assertEquals(7, v.committed());
        assertEquals(7, v.received());
    }

    @Test
    @DisplayName("a committed message nobody received is reported lost")
    void aMissingMessageIsLost() {
        ReceiveLog a = new ReceiveLog("a");
        a.add(0, new Msg(0, 0, 0));
        a.add(0, new Msg(0, 0, 2));   // seq 1 never arrives
        Verdict v = DeliveryChecker.check(new int[][] {{3}}, List.of(a));
        assertFalse(v.ok());
        assertEquals(1, v.lost(), v.toString());
        assertEquals(0, v.duplicated() + v.phantom() + v.misrouted() + v.reordered(), v.toString());
    }

    @Test
    @DisplayName("a message received twice, by two receivers, is reported duplicated")
    void aMessageReceivedTwiceIsDuplicated() {
        List<ReceiveLog> logs = goodLogs();
        logs.get(1).add(0, new Msg(0, 0, 2));   // b also gets what a got
        Verdict v = DeliveryChecker.check(COMMITTED, logs);
        assertEquals(1, v.duplicated(), v.toString());
        assertEquals(0, v.lost() + v.phantom() + v.misrouted() + v.reordered(), v.toString());
    }

    @Test
    @DisplayName("a message whose send was reported as not made, yet delivered, is reported phantom")
    void aMessageNeverCommittedIsPhantom() {
        List<ReceiveLog> logs = goodLogs();
        logs.get(0).add(0, new Msg(0, 0, 3));   // the sender's 4th send threw: it must not arrive
        Verdict v = DeliveryChecker.check(COMMITTED, logs);
        assertEquals(1, v.phantom(), v.toString());
        assertEquals(0, v.lost() + v.duplicated() + v.misrouted() + v.reordered(), v.toString());
    }

    @Test
    @DisplayName("a message received from another channel than it was sent on is reported misrouted")
    void aMessageFromTheWrongChannelIsMisrouted() {
        ReceiveLog a = new ReceiveLog("a");
        a.add(1, new Msg(0, 0, 0));   // sent on chan 0, came out of chan 1
        Verdict v = DeliveryChecker.check(new int[][] {{1, 0}}, List.of(a));
        assertEquals(1, v.misrouted(), v.toString());
        assertEquals(0, v.lost() + v.duplicated() + v.phantom() + v.reordered(), v.toString());
    }

    @Test
    @DisplayName("one sender's messages received out of order by one receiver are reported reordered")
    void outOfOrderMessagesAreReordered() {
        List<ReceiveLog> logs = goodLogs();
        logs.get(0).swap(0, 2);   // a now sees (0,0,2) before (0,0,0)
        Verdict v = DeliveryChecker.check(COMMITTED, logs);
        assertEquals(1, v.reordered(), v.toString());
        assertEquals(0, v.lost() + v.duplicated() + v.phantom() + v.misrouted(), v.toString());
    }

    @Test
    @DisplayName("different senders' messages may interleave in any order")
    void differentSendersMayInterleave() {
        List<ReceiveLog> logs = goodLogs();
        logs.get(0).swap(0, 1);   // (1,0,0) before (0,0,0): two senders, no order between them
        assertTrue(DeliveryChecker.check(COMMITTED, logs).ok());
    }

    @Test
    @DisplayName("a timer book balances after stop, and a stale receive unbalances it")
    void aTimerBookCatchesAStaleValue() {
        TimerBook book = new TimerBook(Duration.ofHours(1));
        book.reset(Duration.ofHours(1));      // disarms the first arming (true), arms a second
        book.stop();                          // disarms the second (true)
        assertEquals(null, book.imbalance());
        book.plantExtraReceive();             // a value received after stop returned true
        assertTrue(book.imbalance() != null);
    }
}
