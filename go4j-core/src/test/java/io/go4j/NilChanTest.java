package io.go4j;

import static io.go4j.TestSupport.assertPanics;
import static io.go4j.TestSupport.awaitWaitReason;
import static io.go4j.TestSupport.completesRun;
import static io.go4j.TestSupport.go;
import static io.go4j.TestSupport.goRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.go4j.TestSupport.Call;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The nil channel: "A nil channel is never ready for communication" (Go spec, Send statements
 * and Receive operator), so send and receive block forever, the non-blocking forms never
 * succeed, and closing it panics.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NilChanTest {

    @AfterEach
    void reapGoroutines() {
        TestSupport.reap();
    }

    @Test
    @DisplayName("send on a nil channel blocks forever with wait reason \"chan send (nil chan)\"")
    void sendOnNilChannelBlocksForever() {
        Chan<String> nil = Chan.nil();
        Call<Void> sender = goRun("send on nil", () -> nil.send("v"));
        sender.assertBlocked("send on a nil channel blocks forever");
        awaitWaitReason(sender, "chan send (nil chan)");
        sender.assertBlocked("send on a nil channel blocks forever");
        sender.interruptAndExpectGoInterrupted();
    }

    @Test
    @DisplayName("recv on a nil channel blocks forever with wait reason \"chan receive (nil chan)\"")
    void recvOnNilChannelBlocksForever() {
        Chan<String> nil = Chan.nil();
        Call<String> receiver = go("recv on nil", nil::recv);
        receiver.assertBlocked("recv on a nil channel blocks forever");
        awaitWaitReason(receiver, "chan receive (nil chan)");
        receiver.assertBlocked("recv on a nil channel blocks forever");
        receiver.interruptAndExpectGoInterrupted();
    }

    @Test
    @DisplayName("recvOk on a nil channel blocks forever with wait reason \"chan receive (nil chan)\"")
    void recvOkOnNilChannelBlocksForever() {
        Chan<String> nil = Chan.nil();
        Call<Recv<String>> receiver = go("recvOk on nil", nil::recvOk);
        receiver.assertBlocked("recvOk on a nil channel blocks forever");
        awaitWaitReason(receiver, "chan receive (nil chan)");
        receiver.interruptAndExpectGoInterrupted();
    }

    @Test
    @DisplayName("range over a nil channel blocks forever")
    void rangeOverNilChannelBlocksForever() {
        Chan<String> nil = Chan.nil();
        Call<Void> ranger = goRun("range over nil", () -> {
            for (String v : nil) {
                throw new AssertionError("range over a nil channel yielded " + v);
            }
        });
        ranger.assertBlocked("range over a nil channel blocks forever");
        awaitWaitReason(ranger, "chan receive (nil chan)");
        ranger.interruptAndExpectGoInterrupted();
    }

    @Test
    @DisplayName("trySend on a nil channel is never ready")
    void trySendOnNilChannelIsNeverReady() {
        Chan<String> nil = Chan.nil();
        completesRun("trySend on nil", () -> {
            for (int i = 0; i < 1000; i++) {
                assertFalse(nil.trySend("v"));
            }
        });
    }

    @Test
    @DisplayName("tryRecv on a nil channel is never ready")
    void tryRecvOnNilChannelIsNeverReady() {
        Chan<String> nil = Chan.nil();
        completesRun("tryRecv on nil", () -> {
            for (int i = 0; i < 1000; i++) {
                assertNull(nil.tryRecv());
            }
        });
    }

    @Test
    @DisplayName("a blocked nil-channel sender is never matched by a nil-channel receiver")
    void nilSenderAndReceiverNeverMeet() {
        Chan<String> nil = Chan.nil();
        Call<Void> sender = goRun("send on nil", () -> nil.send("v"));
        awaitWaitReason(sender, "chan send (nil chan)");
        Call<String> receiver = go("recv on nil", Chan.<String>nil()::recv);
        awaitWaitReason(receiver, "chan receive (nil chan)");
        assertNull(nil.tryRecv(), "a nil channel is never ready, even with a blocked sender on it");
        assertFalse(nil.trySend("w"), "a nil channel is never ready, even with a blocked receiver");
        sender.assertBlocked("send on a nil channel blocks forever");
        receiver.assertBlocked("recv on a nil channel blocks forever");
        sender.interruptAndExpectGoInterrupted();
        receiver.interruptAndExpectGoInterrupted();
    }

    @Test
    @DisplayName("close of a nil channel panics with \"close of nil channel\", every time")
    void closeOfNilChannelPanics() {
        Chan<String> nil = Chan.nil();
        assertPanics("close of nil channel", nil::close);
        assertPanics("close of nil channel", nil::close);
        assertFalse(nil.trySend("v"), "a failed close leaves the nil channel nil");
    }

    @Test
    @DisplayName("a nil channel has length and capacity zero")
    void nilChannelHasZeroLenAndCap() {
        Chan<String> nil = Chan.nil();
        assertEquals(0, nil.len());
        assertEquals(0, nil.cap());
    }

    @Test
    @DisplayName("directional views of a nil channel behave as nil channels")
    void directionalViewsOfNilAreNil() {
        Chan<String> nil = Chan.nil();
        SendChan<String> s = nil.sendOnly();
        RecvChan<String> r = nil.recvOnly();
        assertFalse(s.trySend("v"));
        assertNull(r.tryRecv());
        assertPanics("close of nil channel", s::close);
        Call<Void> sender = goRun("send on nil view", () -> s.send("v"));
        awaitWaitReason(sender, "chan send (nil chan)");
        Call<String> receiver = go("recv on nil view", r::recv);
        awaitWaitReason(receiver, "chan receive (nil chan)");
        sender.interruptAndExpectGoInterrupted();
        receiver.interruptAndExpectGoInterrupted();
    }
}
