package io.go4j;

import java.io.Serial;

/**
 * GoInterruptedException reports that a blocking go4j operation was ended by
 * {@link Thread#interrupt()} before it happened. It is unchecked, so channel operations need no
 * {@code throws} clause, and the thread's interrupt flag is set again when it is thrown, so code
 * further up still sees the interrupt.
 *
 * <p>When it is thrown, the operation did not take effect: a send's value was not delivered and
 * still belongs to the sender; a receive consumed nothing. If an interrupt races with the
 * completion of the operation, the operation wins: it returns normally, with the interrupt flag
 * set.
 *
 * <pre>{@code
 * import java.time.Duration;
 *
 * Chan<String> ch = Chan.make();
 * Thread t = Go.go(() -> {
 *     try {
 *         ch.recv();
 *     } catch (GoInterruptedException e) {
 *         System.out.println(e.getMessage());                          // chan receive interrupted
 *         System.out.println(Thread.currentThread().isInterrupted());  // true: the flag is set again
 *     }
 * });
 * t.interrupt();
 * t.join(Duration.ofSeconds(5));   // waits for the goroutine's output
 * }</pre>
 */
public class GoInterruptedException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for an interrupted blocking operation named {@code operation}.
     *
     * @param operation the operation, in Go's words ({@code "chan send"}, {@code "select"})
     */
    public GoInterruptedException(String operation) {
        super(operation + " interrupted", marker());
    }

    /** The cause: an InterruptedException, for code that looks for one; its stack would repeat ours. */
    private static InterruptedException marker() {
        InterruptedException cause = new InterruptedException();
        cause.setStackTrace(new StackTraceElement[0]);
        return cause;
    }
}
