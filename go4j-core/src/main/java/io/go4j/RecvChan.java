package io.go4j;

import java.util.Iterator;

/**
 * RecvChan is the receive-only view of a channel (Go's {@code <-chan T}). It is
 * {@link Iterable}: {@code for (T v : ch)} receives until the channel is closed and drained, as
 * Go's {@code for v := range ch}.
 *
 * <pre>{@code
 * static int sum(RecvChan<Integer> in) {   // Go: func sum(in <-chan int) int
 *     int total = 0;
 *     for (int v : in) total += v;
 *     return total;
 * }
 *
 * Chan<Integer> ch = Chan.make(3);
 * for (int i = 1; i <= 3; i++) ch.send(i);
 * ch.close();
 * System.out.println(sum(ch.recvOnly()));   // 6
 * }</pre>
 *
 * @param <T> the element type
 */
public sealed interface RecvChan<T> extends Iterable<T> permits Chan, Chan.RecvView {
    /**
     * Receives a value, blocking until one is sent or the channel is closed. Returns null once
     * the channel is closed and drained (Go's zero value). On the nil channel it blocks forever
     * (until interrupted).
     *
     * @return the value, or null if the channel is closed and drained
     * @throws GoInterruptedException if the thread is interrupted while blocked; nothing was
     *                                received
     */
    T recv();

    /**
     * Receives like {@link #recv()} and also reports whether a value was sent ({@code ok}) or
     * the channel is closed (Go's {@code v, ok := <-ch}).
     *
     * @return the value with {@code ok == true}, or a null value with {@code ok == false} once
     *         the channel is closed and drained
     * @throws GoInterruptedException if the thread is interrupted while blocked
     */
    Recv<T> recvOk();

    /**
     * Receives without blocking (Go's select with a default): returns null if no value is ready
     * and the channel is open (always, on the nil channel), else the result as
     * {@link #recvOk()} gives it.
     *
     * @return the result, or null if receiving would block
     */
    Recv<T> tryRecv();

    /** {@return the number of values in the buffer (Go's {@code len})} */
    int len();

    /** {@return the buffer capacity (Go's {@code cap}); 0 for unbuffered and nil channels} */
    int cap();

    /**
     * Returns an iterator that receives: {@code hasNext()} blocks until a value arrives or the
     * channel is closed and drained. It throws {@link GoInterruptedException} if interrupted.
     */
    @Override
    Iterator<T> iterator();
}
