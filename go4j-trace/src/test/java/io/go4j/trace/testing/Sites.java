package io.go4j.trace.testing;

import java.util.function.IntSupplier;

/**
 * Sites are call sites outside the tracer's packages, whose frames a recorded stack shows (the
 * tracer drops its own, {@code io.go4j.trace.internal}'s, from the top): the tracer's unit tests
 * take stacks through them.
 */
public final class Sites {
    private Sites() {}

    /**
     * Calls {@code take} from one place.
     *
     * @param take takes a stack
     * @return its result
     */
    public static int site(IntSupplier take) {
        return take.getAsInt();
    }

    /**
     * Calls {@code take} from two places, on consecutive lines.
     *
     * @param take takes a stack
     * @return its two results
     */
    public static int[] twoSites(IntSupplier take) {
        int first = take.getAsInt();
        int second = take.getAsInt();
        return new int[] {first, second};
    }

    /**
     * Calls {@code take} {@code depth} frames below itself.
     *
     * @param take  takes a stack
     * @param depth frames between this caller and {@code take}
     * @return its result
     */
    public static int callerA(IntSupplier take, int depth) {
        return deep(take, depth);
    }

    /**
     * Calls {@code take} {@code depth} frames below itself, as {@link #callerA} does.
     *
     * @param take  takes a stack
     * @param depth frames between this caller and {@code take}
     * @return its result
     */
    public static int callerB(IntSupplier take, int depth) {
        return deep(take, depth);
    }

    private static int deep(IntSupplier take, int n) {
        return n == 0 ? take.getAsInt() : deep(take, n - 1);
    }
}
