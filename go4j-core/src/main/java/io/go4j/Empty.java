package io.go4j;

/**
 * Empty is Go's {@code struct{}}: a type with one value, {@link #VALUE}, for channels that carry
 * a signal and no data ({@code chan struct{}}). A {@code Chan<Void>} can only be closed, since
 * {@code null} is not a channel element; a {@code Chan<Empty>} can also be sent on, one signal per
 * receiver.
 *
 * <pre>{@code
 * import static io.go4j.Go.go;
 *
 * Chan<Empty> done = Chan.make();
 * go(() -> {
 *     System.out.println("working");
 *     done.send(Empty.VALUE);   // Go: done <- struct{}{}
 * });
 * done.recv();                  // Go: <-done
 * System.out.println("done " + Empty.VALUE);   // done {}
 * }</pre>
 *
 * <p>Closing the channel instead signals every receiver at once, as in Go. {@code VALUE} is the
 * only instance, so {@code ==} compares it; it prints as Go prints {@code struct{}{}}: {@code {}}.
 */
public final class Empty {
    /** The only value of Empty (Go's {@code struct{}{}}). */
    public static final Empty VALUE = new Empty();

    private Empty() {}

    /**
     * Returns {@code "{}"}, as Go's {@code fmt} prints an empty struct.
     *
     * @return {@code "{}"}
     */
    @Override
    public String toString() {
        return "{}";
    }
}
