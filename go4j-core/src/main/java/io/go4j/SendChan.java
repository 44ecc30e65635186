package io.go4j;

/**
 * SendChan is the send-only view of a channel (Go's {@code chan<- T}): it can send and close but
 * not receive. {@link Chan#sendOnly()} returns one that cannot be cast back to a {@link Chan}.
 *
 * <pre>{@code
 * import static io.go4j.Go.go;
 *
 * static void produce(SendChan<Integer> out) {   // Go: func produce(out chan<- int)
 *     for (int i = 1; i <= 3; i++) out.send(i);
 *     out.close();
 * }
 *
 * Chan<Integer> ch = Chan.make();
 * go(() -> produce(ch.sendOnly()));
 * for (int v : ch) System.out.println(v);   // 1, 2, 3
 * }</pre>
 *
 * @param <T> the element type
 */
public sealed interface SendChan<T> permits Chan, Chan.SendView {
    /**
     * Sends {@code value}, blocking until a receiver takes it (unbuffered) or there is room in
     * the buffer. On the nil channel it blocks forever (until interrupted).
     *
     * @param value the value to send, not null
     * @throws NullPointerException    if {@code value} is null (null is the closed marker)
     * @throws GoPanic                 "send on closed channel", also when the channel is closed
     *                                 while this send is blocked
     * @throws GoInterruptedException  if the thread is interrupted while blocked; the value was
     *                                 not sent
     */
    void send(T value);

    /**
     * Sends {@code value} if that can be done without blocking (Go's select with a default);
     * returns whether it was sent.
     *
     * @param value the value to send, not null
     * @return true if it was sent; false if sending would have blocked
     * @throws NullPointerException if {@code value} is null
     * @throws GoPanic              "send on closed channel"
     */
    boolean trySend(T value);

    /**
     * Closes the channel: buffered values can still be received, then receives return at once
     * with {@code ok == false}; blocked senders panic. Closing the channel happens-before a
     * receive that returns because the channel is closed.
     *
     * @throws GoPanic "close of closed channel", or "close of nil channel"
     */
    void close();

    /** {@return the number of values in the buffer (Go's {@code len})} */
    int len();

    /** {@return the buffer capacity (Go's {@code cap}); 0 for unbuffered and nil channels} */
    int cap();
}
