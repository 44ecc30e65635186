package io.go4j.context;

/**
 * A StopFunc stops a function registered with {@link Context#afterFunc(Context, Runnable)}
 * from running (the {@code stop} function Go's {@code context.AfterFunc} returns).
 *
 * <pre>{@code
 * try (var ctx = Context.withCancel(Context.background())) {
 *     StopFunc stop = Context.afterFunc(ctx, () -> System.out.println("never printed"));
 *     System.out.println(stop.stop());   // true: f will not run
 *     System.out.println(stop.stop());   // false: already stopped
 * }
 * }</pre>
 */
@FunctionalInterface
public interface StopFunc {

    /**
     * Stops the association of the function with its context. Returns true if this call
     * stopped the function from being run; false if it has already been started in its own
     * goroutine or was already stopped. Does not wait for a started function to finish.
     *
     * @return true if the function will not run
     */
    boolean stop();
}
