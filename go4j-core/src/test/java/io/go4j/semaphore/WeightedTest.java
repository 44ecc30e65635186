package io.go4j.semaphore;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.GoInterruptedException;
import io.go4j.GoPanic;
import io.go4j.context.CancelContext;
import io.go4j.context.Canceled;
import io.go4j.context.Context;
import io.go4j.context.DeadlineExceeded;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static io.go4j.TestSupport.awaitWaitReason;
import static org.junit.jupiter.api.Assertions.*;

/** semaphore.Weighted: weights, FIFO without starvation, context and interrupt. */
@Timeout(60)
class WeightedTest {

    @Test
    @DisplayName("acquire and tryAcquire take weight while it is available; release gives it back")
    void acquireTryAcquireRelease() {
        Weighted s = new Weighted(3);
        s.acquire(Context.background(), 2);
        assertFalse(s.tryAcquire(2));
        assertTrue(s.tryAcquire(1));
        s.release(3);
        assertTrue(s.tryAcquire(3));
    }

    @Test
    @DisplayName("releasing more than is held panics with Go's message")
    void releaseMoreThanHeldPanics() {
        Weighted s = new Weighted(2);
        s.acquire(Context.background(), 1);
        assertEquals("semaphore: released more than held",
                assertThrows(GoPanic.class, () -> s.release(2)).getMessage());
    }

    @Test
    @DisplayName("waiters are served first in first out: a large request at the head is not starved by small ones")
    void fifoLargeWaiterNotStarved() throws Exception {
        Weighted s = new Weighted(10);
        s.acquire(Context.background(), 10);
        Chan<String> order = Chan.make(2);
        Thread big = Go.go(() -> {
            s.acquire(Context.background(), 10);
            order.send("big");
        });
        awaitWaitReason(big, "select");
        Thread small = Go.go(() -> {
            s.acquire(Context.background(), 1);
            order.send("small");
        });
        awaitWaitReason(small, "select");
        s.release(1);
        assertFalse(s.tryAcquire(1), "the small request must not overtake the big one at the head");
        assertNull(order.tryRecv(), "nobody granted while the head does not fit");
        s.release(9);
        assertEquals("big", order.recv());
        s.release(10);
        assertEquals("small", order.recv());
        assertTrue(big.join(Duration.ofSeconds(10)) && small.join(Duration.ofSeconds(10)));
    }

    @Test
    @DisplayName("a cancelled context ends the wait with ctx.err(), acquires nothing, and leaves the queue")
    void cancelledContextEndsWait() throws Exception {
        Weighted s = new Weighted(1);
        s.acquire(Context.background(), 1);
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<RuntimeException> thrown = Chan.make(1);
        Thread waiter = Go.go(() -> {
            try {
                s.acquire(ctx, 1);
            } catch (RuntimeException e) {
                thrown.send(e);
            }
        });
        awaitWaitReason(waiter, "select");
        ctx.cancel();
        assertInstanceOf(Canceled.class, thrown.recv());
        s.release(1);
        assertTrue(s.tryAcquire(1), "the cancelled waiter took nothing and left the queue");
    }

    @Test
    @DisplayName("a request larger than the total weight waits for the context's deadline")
    void oversizedRequestWaitsForDeadline() {
        Weighted s = new Weighted(1);
        try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20))) {
            assertInstanceOf(DeadlineExceeded.class, assertThrows(RuntimeException.class, () -> s.acquire(ctx, 2)));
        }
        assertTrue(s.tryAcquire(1));
    }

    @Test
    @DisplayName("an interrupted waiter gets GoInterruptedException and acquires nothing")
    void interruptedWaiterAcquiresNothing() throws Exception {
        Weighted s = new Weighted(1);
        s.acquire(Context.background(), 1);
        Chan<Boolean> interrupted = Chan.make(1);
        Thread waiter = Go.go(() -> {
            try {
                s.acquire(Context.background(), 1);
                interrupted.send(false);
            } catch (GoInterruptedException e) {
                interrupted.send(true);
            }
        });
        awaitWaitReason(waiter, "select");
        waiter.interrupt();
        assertTrue(interrupted.recv());
        s.release(1);
        assertTrue(s.tryAcquire(1));
    }
}
