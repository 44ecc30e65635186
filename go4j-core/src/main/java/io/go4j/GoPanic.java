package io.go4j;

import java.io.Serial;

/**
 * GoPanic is thrown where Go would panic on misuse of a primitive, with Go's own message:
 * {@code send on closed channel}, {@code close of closed channel}, {@code close of nil channel}.
 * It is an {@link IllegalStateException}, so Java code that guards against misuse catches it.
 *
 * <pre>{@code
 * Chan<Integer> ch = Chan.make(1);
 * ch.close();
 * try {
 *     ch.send(1);
 * } catch (GoPanic p) {
 *     System.out.println(p.getMessage());   // send on closed channel
 * }
 * }</pre>
 */
public class GoPanic extends IllegalStateException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates a panic with Go's message for the misuse.
     *
     * @param message Go's text, such as {@code "send on closed channel"}
     */
    public GoPanic(String message) {
        super(message);
    }
}
