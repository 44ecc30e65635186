package io.go4j.trace.internal.analysis;

import io.go4j.trace.analysis.Rule;

/**
 * A Fact is one trace event as the analyses and the pattern engine see it: the raw event
 * enriched by {@link GoroutineModel} with what the trace implies but does not say at that point
 * (a wake-up's reason and blocker are those of the woken goroutine's block; a start's latency is
 * the time since its goroutine became runnable).
 *
 * <p>Immutable once delivered.
 */
public final class Fact {
    /*
     * Implementation notes.
     *
     * 1. creator, waker and wakeStack are what the model remembers of the subject's past (the
     *    subject: target if the event has one, else g), so that a rule can join on them without
     *    a step for the event that set them (the create may be outside the window, or before the
     *    trace): "the goroutine that last woke me has ended" is "block bind $w = waker" then
     *    "end where g == $w".
     */

    public final Rule.Event kind;
    public final long time;
    public final int p;
    public final long g;
    public final long target;
    public final String reason;     // block/unblock: Go's block reason; start: why it was runnable
    public final long blocker;      // block: its stack; unblock: the woken goroutine's block stack
    public final long stack;        // the event's own stack (0 if none)
    public final String func;       // the start function of target if any, else of g
    public final long latency;      // start: ns runnable before it
    public final long waited;       // unblock: ns the woken goroutine was blocked
    public final long live;         // goroutines alive after this event
    public final String text;
    // Of the event's subject (note 1):
    public final long creator;      // the goroutine that created it; 0: the Timers lane; -1: before the trace
    public final long waker;        // the goroutine that last woke it; 0: a timer; -1: none in the trace
    public final long wakeStack;    // the stack that wake-up came from, or 0

    Fact(Rule.Event kind, long time, int p, long g, long target, String reason, long blocker, long stack, String func,
            long latency, long waited, long live, String text) {
        this(kind, time, p, g, target, reason, blocker, stack, func, latency, waited, live, text, -1, -1, 0);
    }

    Fact(Rule.Event kind, long time, int p, long g, long target, String reason, long blocker, long stack, String func,
            long latency, long waited, long live, String text, long creator, long waker, long wakeStack) {
        this.kind = kind;
        this.time = time;
        this.p = p;
        this.g = g;
        this.target = target;
        this.reason = reason;
        this.blocker = blocker;
        this.stack = stack;
        this.func = func;
        this.latency = latency;
        this.waited = waited;
        this.live = live;
        this.text = text;
        this.creator = creator;
        this.waker = waker;
        this.wakeStack = wakeStack;
    }
}
