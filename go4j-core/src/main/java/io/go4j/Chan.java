package io.go4j;

import io.go4j.internal.chan.HChan;
import io.go4j.internal.chan.SelectImpl;
import io.go4j.internal.runtime.Bubble;
import io.go4j.internal.runtime.Outcome;
import io.go4j.internal.runtime.WaitReason;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Chan is a Go channel: a typed conduit through which goroutines send and receive values,
 * unbuffered (a send waits for a receiver: rendezvous) or buffered (a FIFO of fixed capacity,
 * blocking only when full or empty). It follows the Go specification's rules for send, receive,
 * close, {@code len}, {@code cap}, range and the nil channel.
 *
 * <pre>{@code
 * import static io.go4j.Go.go;
 *
 * Chan<Integer> squares = Chan.make(16);
 * go(() -> {
 *     for (int i = 1; i <= 3; i++) squares.send(i * i);
 *     squares.close();
 * });
 * for (int sq : squares) System.out.println(sq);   // 1, 4, 9
 * }</pre>
 *
 * <p>{@code null} is not a channel element: {@code send(null)} throws, so {@link #recv()} can
 * return null for "closed and drained" as Go returns the zero value. Every blocking operation
 * responds to {@link Thread#interrupt()} with {@link GoInterruptedException}, the operation not
 * having happened; if the interrupt flag is already set when an operation would block, it throws
 * at once, while an operation that can complete without blocking completes and leaves the flag
 * set. Operations on the nil channel block until interrupted.
 *
 * <p>Memory model: a send on a channel happens-before the corresponding receive from that
 * channel completes; the close of a channel happens-before a receive that returns because the
 * channel is closed; the k-th receive on a channel with capacity C happens-before the (k+C)-th
 * send on that channel completes.
 *
 * @param <T> the element type
 */
public final class Chan<T> implements SendChan<T>, RecvChan<T> {
    /*
     * Implementation notes: Chan is the typed face of internal.chan.HChan, which holds the
     * algorithm (Go's hchan: lock, ring buffer, queues of blocked senders and receivers, direct
     * handoff). impl == null is the nil channel. The views are separate classes so that a
     * receive-only view cannot be cast back to something that sends, as in Go's type system.
     */

    private static final Chan<?> NIL = new Chan<>(null);

    final HChan impl;   // null for the nil channel

    private Chan(HChan impl) {
        this.impl = impl;
    }

    /**
     * Makes an unbuffered channel (Go's {@code make(chan T)}).
     *
     * @param <T> the element type
     * @return a new open channel with no buffer
     */
    public static <T> Chan<T> make() {
        return new Chan<>(new HChan(0));
    }

    /**
     * Makes a channel with a buffer of {@code capacity} values (Go's {@code make(chan T, n)});
     * capacity 0 is unbuffered.
     *
     * @param <T>      the element type
     * @param capacity how many values the buffer holds
     * @return a new open channel
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public static <T> Chan<T> make(int capacity) {
        return new Chan<>(new HChan(capacity));
    }

    /**
     * Returns the nil channel (Go's zero-value {@code var ch chan T}): sends and receives on it
     * block forever, closing it panics, and a select case on it is never ready.
     *
     * @param <T> the element type
     * @return the nil channel (one shared instance)
     */
    @SuppressWarnings("unchecked")
    public static <T> Chan<T> nil() {
        return (Chan<T>) NIL;
    }

    /** {@return true if this is the nil channel} */
    public boolean isNil() {
        return impl == null;
    }

    @Override
    public void send(T value) {
        Objects.requireNonNull(value, "null is not a channel element");
        if (impl == null) {
            blockForever(WaitReason.CHAN_SEND_NIL, "send on nil channel");
        }
        if (impl.bubble != null) {
            checkBubble(impl, "send on");
        }
        switch (impl.send(value, true)) {
            case HChan.SENT -> { }
            case Outcome.CLOSED -> throw sendOnClosed();
            default -> throw new GoInterruptedException("chan send");
        }
    }

    @Override
    public boolean trySend(T value) {
        Objects.requireNonNull(value, "null is not a channel element");
        if (impl == null) {
            return false;
        }
        if (impl.bubble != null) {
            checkBubble(impl, "send on");
        }
        int r = impl.send(value, false);
        if (r == Outcome.CLOSED) {
            throw sendOnClosed();
        }
        return r == HChan.SENT;
    }

    @Override
    public T recv() {
        Object v = recvBlocking();
        return v == HChan.CLOSED ? null : cast(v);
    }

    @Override
    public Recv<T> recvOk() {
        Object v = recvBlocking();
        return v == HChan.CLOSED ? Recv.closed() : new Recv<>(cast(v), true);
    }

    @Override
    public Recv<T> tryRecv() {
        if (impl == null) {
            return null;
        }
        if (impl.bubble != null) {
            checkBubble(impl, "receive on");
        }
        Object v = impl.recv(false);
        if (v == HChan.WOULD_BLOCK) {
            return null;
        }
        return v == HChan.CLOSED ? Recv.closed() : new Recv<>(cast(v), true);
    }

    @Override
    public void close() {
        if (impl == null) {
            throw new GoPanic("close of nil channel");
        }
        if (impl.bubble != null) {
            checkBubble(impl, "close of");
        }
        if (!impl.close()) {
            throw new GoPanic("close of closed channel");
        }
    }

    @Override
    public int len() {
        return impl == null ? 0 : impl.length();
    }

    @Override
    public int cap() {
        return impl == null ? 0 : impl.capacity();
    }

    @Override
    public Iterator<T> iterator() {
        return new Range<>(this);
    }

    /** {@return a send-only view of this channel (Go's {@code chan<- T})} */
    public SendChan<T> sendOnly() {
        return new SendView<>(this);
    }

    /** {@return a receive-only view of this channel (Go's {@code <-chan T})} */
    public RecvChan<T> recvOnly() {
        return new RecvView<>(this);
    }

    @Override
    public String toString() {
        return impl == null ? "chan(nil)" : "chan(len=" + len() + ", cap=" + cap() + ")";
    }

    /** Returns the channel behind a channel or a view; for select. */
    static HChan implOf(Object chanOrView) {
        return switch (chanOrView) {
            case null -> null;
            case Chan<?> c -> c.impl;
            case SendView<?> v -> v.chan.impl;
            case RecvView<?> v -> v.chan.impl;
            default -> throw new IllegalArgumentException("not a go4j channel: " + chanOrView);
        };
    }

    /**
     * Panics, with Go's text, if the current goroutine uses a channel of a synctest bubble from
     * outside it ({@code op} is "send on", "receive on", "close of" or "select on").
     */
    static void checkBubble(HChan c, String op) {
        if (Bubble.outside(c.bubble)) {
            throw new GoPanic(op + " synctest channel from outside bubble");
        }
    }

    static GoPanic sendOnClosed() {
        return new GoPanic("send on closed channel");
    }

    private Object recvBlocking() {
        if (impl == null) {
            blockForever(WaitReason.CHAN_RECEIVE_NIL, "receive from nil channel");
        }
        if (impl.bubble != null) {
            checkBubble(impl, "receive on");
        }
        Object v = impl.recv(true);
        if (v == HChan.INTERRUPTED) {
            throw new GoInterruptedException("chan receive");
        }
        return v;
    }

    private static void blockForever(WaitReason reason, String operation) {
        SelectImpl.blockForever(reason);
        throw new GoInterruptedException(operation);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object v) {
        return (T) v;
    }

    /** The iterator of {@code for (T v : ch)}: receives until closed and drained. */
    private static final class Range<T> implements Iterator<T> {
        private final Chan<T> chan;
        private Object next;       // received but not yet returned; null if none
        private boolean done;

        Range(Chan<T> chan) {
            this.chan = chan;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                Object v = chan.recvBlocking();
                if (v == HChan.CLOSED) {
                    done = true;
                } else {
                    next = v;
                }
            }
            return next != null;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException("channel closed");
            }
            T v = cast(next);
            next = null;
            return v;
        }
    }

    /** A send-only view: Go's {@code chan<- T}. */
    static final class SendView<T> implements SendChan<T> {
        final Chan<T> chan;

        SendView(Chan<T> chan) {
            this.chan = chan;
        }

        @Override public void send(T value) { chan.send(value); }
        @Override public boolean trySend(T value) { return chan.trySend(value); }
        @Override public void close() { chan.close(); }
        @Override public int len() { return chan.len(); }
        @Override public int cap() { return chan.cap(); }
        @Override public String toString() { return "chan<- " + chan; }
    }

    /** A receive-only view: Go's {@code <-chan T}. */
    static final class RecvView<T> implements RecvChan<T> {
        final Chan<T> chan;

        RecvView(Chan<T> chan) {
            this.chan = chan;
        }

        @Override public T recv() { return chan.recv(); }
        @Override public Recv<T> recvOk() { return chan.recvOk(); }
        @Override public Recv<T> tryRecv() { return chan.tryRecv(); }
        @Override public int len() { return chan.len(); }
        @Override public int cap() { return chan.cap(); }
        @Override public Iterator<T> iterator() { return chan.iterator(); }
        @Override public String toString() { return "<-chan " + chan; }
    }
}
