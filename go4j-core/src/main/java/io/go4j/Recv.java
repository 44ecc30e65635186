package io.go4j;

/**
 * Recv is the result of a receive with Go's comma-ok form, {@code v, ok := <-ch}: {@code ok} is
 * true if the value was sent, false if the channel is closed and drained (then {@code value} is
 * null, Go's zero value).
 *
 * <pre>{@code
 * Chan<String> ch = Chan.make(1);
 * ch.send("x");
 * ch.close();
 * System.out.println(ch.recvOk());   // Recv[value=x, ok=true]
 * System.out.println(ch.recvOk());   // Recv[value=null, ok=false]
 * }</pre>
 *
 * @param value the value received, or null if the channel is closed
 * @param ok    whether a value was received
 * @param <T>   the element type
 */
public record Recv<T>(T value, boolean ok) {
    private static final Recv<?> CLOSED = new Recv<>(null, false);

    /** Returns the result of a receive from a closed, drained channel. */
    @SuppressWarnings("unchecked")
    static <T> Recv<T> closed() {
        return (Recv<T>) CLOSED;
    }
}
