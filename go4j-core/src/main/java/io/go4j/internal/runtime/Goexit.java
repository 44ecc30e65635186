package io.go4j.internal.runtime;

import java.io.Serial;

/**
 * Goexit is thrown by {@code Go.goexit()} (Go's {@code runtime.Goexit}) to end the calling
 * goroutine: it unwinds the stack, so {@code finally} blocks and try-with-resources run as Go's
 * deferred calls do, and {@link Goroutine#run()} ends the goroutine quietly when it arrives
 * there: it is not a panic.
 *
 * <p>It is an {@link Error} so that {@code catch (Exception e)} in user code does not stop it;
 * {@code catch (Throwable t)} or {@code catch (Error e)} does, and should rethrow it.
 *
 * <p>Non-invariant: a {@code finally} block that throws replaces it, as in Java (and as a panic in
 * a deferred call replaces Goexit in Go); an exception thrown by a resource's {@code close()}
 * during the unwinding is only added to it as suppressed, as try-with-resources does, and so is
 * not reported when the goroutine ends (Go would crash on such a panic).
 */
public final class Goexit extends Error {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the unwinding signal; its stack says where goexit was called, for whoever catches it. */
    public Goexit() {
        super("runtime.Goexit: the goroutine is exiting (rethrow this if you catch Throwable)");
    }
}
