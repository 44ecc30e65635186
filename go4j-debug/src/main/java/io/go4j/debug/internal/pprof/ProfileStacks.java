package io.go4j.debug.internal.pprof;

import io.go4j.debug.internal.Frames;
import java.util.Arrays;

/**
 * ProfileStacks gives the profiles their stacks: the frames go4j-debug's one rule shows
 * ({@link Frames}, the same as the dumps'), at most {@link #MAX_DEPTH} of them, the innermost.
 */
public final class ProfileStacks {

    /**
     * Most frames a profile keeps of one stack, the innermost. Empirical: Go keeps 32; Java
     * stacks are deeper (lambdas, executors), and JFR keeps 64 by default. Revisit if profiles
     * of framework code come out truncated.
     */
    public static final int MAX_DEPTH = 64;

    /** Frames above the event's public go4j call that a capture walks past (listeners, runtime, park). */
    private static final int HEADROOM = 32;

    private ProfileStacks() {}

    /**
     * Cuts the stack of a goroutine seen from outside (the goroutine profile).
     *
     * @param stack innermost first
     * @return the shown frames, innermost first, at most {@link #MAX_DEPTH}
     */
    public static StackTraceElement[] ofGoroutine(StackTraceElement[] stack) {
        return capped(Frames.shown(stack));
    }

    /**
     * Captures the current thread's stack while it reports an event (a blocking call that
     * returned, an unlock that let a waiter in), as a cheap key ({@link EventStack}).
     *
     * @return the capture
     */
    public static EventStack ofEvent() {
        return EventStack.capture();
    }

    /**
     * Takes and cuts the current thread's stack while it reports an event: what
     * {@link EventCounts} records for a capture it has not seen (on the capturing thread, within
     * the same report).
     *
     * @return the shown frames, innermost first, at most {@link #MAX_DEPTH}
     */
    public static StackTraceElement[] shownOfEvent() {
        return capped(Frames.shown(EventStack.visibleElements(MAX_DEPTH + HEADROOM)));
    }

    /**
     * Cuts a CPU sample's stack: only below the thread's start frames (every frame above is
     * CPU work).
     *
     * @param stack innermost first
     * @return the frames, innermost first, at most {@link #MAX_DEPTH}
     */
    public static StackTraceElement[] ofSample(StackTraceElement[] stack) {
        return capped(Frames.withoutThreadStart(stack));
    }

    private static StackTraceElement[] capped(StackTraceElement[] s) {
        return s.length <= MAX_DEPTH ? s : Arrays.copyOf(s, MAX_DEPTH);
    }
}
