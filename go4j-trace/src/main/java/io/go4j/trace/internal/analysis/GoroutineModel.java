package io.go4j.trace.internal.analysis;

import io.go4j.trace.analysis.Frame;
import io.go4j.trace.analysis.Rule;
import io.go4j.trace.analysis.TraceEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * GoroutineModel follows every goroutine's state through a trace's events and turns each
 * event into a {@link Fact} for its listener; it keeps live goroutines only (an ended one is
 * folded into its group's totals by the listener and forgotten), so its memory is bounded by
 * the number of goroutines alive at once.
 *
 * <p>Invariants: a goroutine is in exactly one of running, runnable, blocked between two of its
 * events; the time between them is charged to that state. Non-invariants: a goroutine alive
 * before the trace started (Go's {@code GoWaiting}, or a start without a create) gets its
 * group from its first event with a stack, and its time before the trace is not counted.
 */
public final class GoroutineModel {
    /*
     * Implementation notes.
     *
     * 1. Groups are Go's goroutine analysis groups (goroutines.go): the start function, i.e. the
     *    top frame of the stack GoCreate gives the new goroutine. go4j writes a one-frame stack
     *    there: the lambda or method given to go().
     * 2. For each event the listener first gets the interval it closes (onInterval, charged to
     *    the state the goroutine was in), then the Fact, after the model applied the event.
     */

    /** What happens to a goroutine's time. */
    public enum State { RUNNING, RUNNABLE, BLOCKED }

    /** The listener. */
    public interface Listener {
        /** {@code g} spent {@code nanos} in {@code state} ({@code reason} if blocked), in group {@code func}. */
        void onInterval(long g, String func, State state, String reason, long nanos);

        /** A fact, after the model applied it. */
        void onFact(Fact f);

        /** {@code g} ended (or the trace ended with it alive: {@code alive}). */
        default void onGone(long g, String func, boolean alive) {}
    }

    /** One live goroutine. */
    static final class G {
        String func;
        State state = State.RUNNABLE;
        long since;
        String reason = "created";   // blocked: the block's reason; runnable: why
        long blocker;                // blocked: the block's stack
        boolean running;
        long creator = -1;           // the goroutine that created it (0: the Timers lane), -1: before the trace
        long waker = -1;             // the goroutine that last woke it (0: a timer), -1: none yet
        long wakeStack;              // the stack of that wake-up
    }

    private final LongFunction<List<Frame>> stacks;
    private final Listener listener;
    private final Map<Long, G> gs = new HashMap<>();
    private final Map<Long, String> funcs = new HashMap<>();   // start-stack id -> function
    private long now;

    /**
     * Returns a model that reports to {@code listener}.
     *
     * @param stacks   the trace's stack table
     * @param listener the analysis
     */
    public GoroutineModel(LongFunction<List<Frame>> stacks, Listener listener) {
        this.stacks = stacks;
        this.listener = listener;
    }

    /** Returns how many goroutines are alive. */
    public int live() {
        return gs.size();
    }

    /** Returns the start function of a live goroutine, or "?" if unknown. */
    public String funcOf(long goid) {
        G g = gs.get(goid);
        return g == null || g.func == null ? "?" : g.func;
    }

    /**
     * Applies one event.
     *
     * @param e the next event, in time order
     */
    public void accept(TraceEvent e) {
        now = Math.max(now, e.time());
        switch (e.kind()) {
            case GO_CREATE -> {
                G g = new G();
                g.func = function(e.stack());
                g.since = e.time();
                g.creator = e.p() == TraceEvent.TIMER_P ? 0 : e.g();
                gs.put(e.target(), g);
                emit(Rule.Event.CREATE, e, e.g(), e.target(), null, 0, g, 0, 0);
            }
            case GO_WAITING, GO_IN_SYSCALL -> {
                G g = g(e.target(), e.time());
                g.state = State.BLOCKED;
                g.reason = e.kind() == TraceEvent.Kind.GO_WAITING ? "waiting" : "syscall";
                g.since = e.time();
            }
            case GO_START -> {
                G g = g(e.g(), e.time());
                long latency = e.time() - g.since;
                close(e.g(), g, e.time());
                String why = g.reason;
                g.state = State.RUNNING;
                g.since = e.time();
                emit(Rule.Event.START, e, e.g(), 0, why, 0, g, latency, 0);
            }
            case GO_UNBLOCK, GO_SYS_EXIT -> {
                G g = g(e.target(), e.time());
                long waited = g.state == State.BLOCKED ? e.time() - g.since : 0;
                String reason = g.reason;
                long blocker = g.blocker;
                close(e.target(), g, e.time());
                g.state = State.RUNNABLE;
                g.reason = "unblock";
                g.since = e.time();
                if (e.kind() == TraceEvent.Kind.GO_UNBLOCK) {
                    long by = e.p() == TraceEvent.TIMER_P ? 0 : e.g();
                    g.waker = by;
                    g.wakeStack = e.stack();
                    emit(Rule.Event.UNBLOCK, e, by, e.target(), reason, blocker, g, 0, waited);
                }
            }
            case GO_SCHED, GO_PREEMPT -> {
                G g = g(e.g(), e.time());
                close(e.g(), g, e.time());
                g.state = State.RUNNABLE;
                g.reason = e.kind() == TraceEvent.Kind.GO_SCHED ? "yield" : "preempted";
                g.since = e.time();
                emit(Rule.Event.YIELD, e, e.g(), 0, g.reason, 0, g, 0, 0);
            }
            case GO_END, GO_STOP -> {
                G g = gs.get(e.g());
                if (g != null) {
                    close(e.g(), g, e.time());
                    gs.remove(e.g());
                    emit(Rule.Event.END, e, e.g(), 0, null, 0, g, 0, 0);
                    listener.onGone(e.g(), g.func, false);
                }
            }
            case USER_TASK_CREATE, USER_TASK_END, USER_REGION, USER_LOG ->
                    emit(Rule.Event.USER, e, e.g(), 0, e.kind().goName(), 0, gs.get(e.g()), 0, 0);
            default -> {
                if (e.kind().isBlock() && e.g() != 0) {
                    G g = g(e.g(), e.time());
                    close(e.g(), g, e.time());
                    g.state = State.BLOCKED;
                    g.reason = e.kind().blockReason();
                    g.blocker = e.stack();
                    g.since = e.time();
                    if (g.func == null || g.func.equals("?")) {
                        g.func = outermost(e.stack());
                    }
                    emit(Rule.Event.BLOCK, e, e.g(), 0, g.reason, e.stack(), g, 0, 0);
                }
            }
        }
    }

    /** Closes the trace: every live goroutine's open interval is charged up to the last event. */
    public void finish() {
        for (Map.Entry<Long, G> en : gs.entrySet()) {
            close(en.getKey(), en.getValue(), now);
            listener.onGone(en.getKey(), en.getValue().func, true);
        }
    }

    /** Returns the time of the last event seen. */
    public long now() {
        return now;
    }

    /** Visits each live goroutine: its id, start function, state, reason and since. */
    public void forEachLive(LiveVisitor v) {
        for (Map.Entry<Long, G> en : gs.entrySet()) {
            G g = en.getValue();
            v.visit(en.getKey(), g.func, g.state, g.reason, g.blocker, g.since);
        }
    }

    /** A visitor of live goroutines. */
    public interface LiveVisitor {
        /** One goroutine. */
        void visit(long goid, String func, State state, String reason, long blocker, long since);
    }

    private void close(long goid, G g, long t) {
        long d = t - g.since;
        if (d > 0) {
            listener.onInterval(goid, g.func == null ? "?" : g.func, g.state,
                    g.state == State.BLOCKED ? g.reason : null, d);
        }
    }

    private G g(long goid, long t) {
        G g = gs.get(goid);
        if (g == null) {
            g = new G();
            g.func = "?";
            g.since = t;
            gs.put(goid, g);
        }
        return g;
    }

    /** Reports a fact whose subject (target if any, else g) is {@code s}, or null if unknown. */
    private void emit(Rule.Event kind, TraceEvent e, long g, long target, String reason, long blocker, G s,
            long latency, long waited) {
        String func = s == null || s.func == null ? "?" : s.func;
        listener.onFact(new Fact(kind, e.time(), e.p(), g, target, reason, blocker, e.stack(), func, latency, waited,
                gs.size(), e.text(), s == null ? -1 : s.creator, s == null ? -1 : s.waker, s == null ? 0 : s.wakeStack));
    }

    private String function(long stack) {
        return funcs.computeIfAbsent(stack, id -> {
            List<Frame> frames = stacks.apply(id);
            return frames.isEmpty() ? "?" : frames.get(0).function();
        });
    }

    private String outermost(long stack) {
        List<Frame> frames = stacks.apply(stack);
        return frames.isEmpty() ? "?" : frames.get(frames.size() - 1).function();
    }
}
