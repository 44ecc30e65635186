package io.go4j.reliability.soak;

import io.go4j.Chan;
import io.go4j.GoInterruptedException;
import io.go4j.GoPanic;
import io.go4j.Recv;
import io.go4j.Select;
import io.go4j.context.CancelContext;
import io.go4j.context.Canceled;
import io.go4j.context.Context;
import io.go4j.context.DeadlineExceeded;
import io.go4j.reliability.soak.Stats.Event;
import io.go4j.reliability.soak.Topology.Style;
import io.go4j.reliability.soak.Topology.WorkerSpec;
import io.go4j.time.Time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Worker is one goroutine of a soak round: a sender, a receiver or a relay (see
 * {@link Topology}). It keeps exact books while faults hit it, relying on go4j's guarantees:
 * <ul>
 *   <li>a send that returned normally delivered its message (it is committed); a send that
 *       threw GoInterruptedException, lost its select, or panicked with "send on closed
 *       channel" did not, and the same message is sent again (the value still belongs to the
 *       sender, as in Go);</li>
 *   <li>a receive that threw GoInterruptedException consumed nothing; a closed channel still
 *       yields its buffered values, then (null, false);</li>
 *   <li>exactly one case of a select runs, and its handler runs only if it was chosen;</li>
 *   <li>a context's {@code done()} is closed only once {@code err()} is non-null;</li>
 *   <li>GoInterruptedException leaves the interrupt flag set.</li>
 * </ul>
 * A broken guarantee shows up as a lost, duplicated or phantom message in
 * {@link DeliveryChecker}, an unbalanced {@link TimerBook}, or a violation reported to the
 * round. Any unexpected exception is captured by {@link #run()} and fails the round.
 */
final class Worker implements Runnable {

    /** Outcomes of a select other than a channel case. */
    private enum Outcome { CONTEXT_DONE, AFTER, TIMER, DEFAULT, INTERRUPTED }

    /** Timeouts used in selects, timers and deadlines: zero, sub-millisecond and a few ms. */
    private static final Duration[] DELAYS = {
        Duration.ZERO, Duration.ofNanos(50_000), Duration.ofNanos(200_000),
        Duration.ofMillis(1), Duration.ofMillis(3), Duration.ofMillis(10),
    };

    private static final String SEND_ON_CLOSED = "send on closed channel";

    final WorkerSpec spec;
    final String name;
    final TimerBook timer = new TimerBook(Duration.ofMillis(10));
    final AtomicReference<CancelContext> ctx = new AtomicReference<>();   // the worker swaps, the injector cancels
    final ReceiveLog log;                  // null for a pure sender
    volatile Thread thread;                // set by the round once started, for the injector
    volatile Object lastAfter;             // the time.After channel of the current select; for hang reports

    private final Round round;
    private final SplittableRandom rnd;
    private final boolean[] inOpen;        // by channel index: an input not yet seen closed
    private final boolean[] outOpen;       // by channel index: an output not yet seen closed
    private final int[] next;              // by channel index: the next sequence number to send
    private Iterator<Msg> range;           // RANGE style: the iterator over the single open input
    private int produced;                  // pure sender: messages committed so far

    Worker(Round round, WorkerSpec spec, String name) {
        this.round = round;
        this.spec = spec;
        this.name = name;
        this.rnd = new SplittableRandom(spec.seed());
        int nChans = round.chanCount();
        this.inOpen = new boolean[nChans];
        this.outOpen = new boolean[nChans];
        this.next = new int[nChans];
        for (int c : spec.inputs()) {
            inOpen[c] = true;
        }
        for (int c : spec.outputs()) {
            outOpen[c] = true;
        }
        this.log = spec.inputs().length == 0 ? null : new ReceiveLog(name);
        renewContext();
    }

    /** The committed counts by channel; read by the round after this worker ended. */
    int[] committed() {
        return next;
    }

    @Override
    public void run() {
        try {
            if (spec.inputs().length == 0) {
                produce();
            } else {
                consume();
            }
        } catch (Throwable t) {
            round.unexpected(name, t);
        } finally {
            round.finished(this);
        }
    }

    /** A pure sender: commits {@code quota} messages, or fewer if all its channels close. */
    private void produce() {
        while (produced < spec.quota() && anyOpen(outOpen)) {
            if (sendOne()) {
                produced++;
                if (produced == spec.quota() / 2 && round.plant(Plant.THROW)) {
                    throw new IllegalStateException("planted exception in " + name);
                }
            }
        }
    }

    /** A receiver or relay: receives until every input is closed and drained; a relay forwards. */
    private void consume() {
        while (anyOpen(inOpen)) {
            Msg m = receiveOne();
            if (m != null && spec.outputs().length > 0) {
                while (anyOpen(outOpen) && !sendOne()) {
                    // retried with the same sequence number until committed or every output closed
                }
            }
        }
    }

    // ---- Sending ----

    /** Tries once to send; returns true if a message was committed. */
    private boolean sendOne() {
        int open = count(outOpen);
        if (open == 1 && spec.style() != Style.SELECT) {
            int c = first(outOpen);
            Chan<Msg> ch = round.chan(c);
            Msg m = message(c);
            try {
                if (spec.style() != Style.TRY || !ch.trySend(m)) {
                    ch.send(m);
                }
                next[c]++;
                return true;
            } catch (GoInterruptedException e) {
                interrupted();
                return false;
            } catch (GoPanic p) {
                sendOnClosed(p);
                outOpen[c] = false;
                return false;
            }
        }
        List<Select.Case<Object>> cases = new ArrayList<>();
        for (int c = 0; c < outOpen.length; c++) {
            if (outOpen[c]) {
                Integer chosen = c;
                cases.add(Select.send(round.chan(c), message(c), () -> chosen));
            }
        }
        try {
            if (select(cases) instanceof Integer c) {
                next[c]++;
                return true;
            }
            return false;
        } catch (GoPanic p) {
            sendOnClosed(p);
            return probe();
        }
    }

    /**
     * After a select panicked with "send on closed channel" (which does not say which channel),
     * finds the closed outputs with trySend: it panics on a closed channel, and on an open one
     * either sends (committed, like any send) or does nothing.
     */
    private boolean probe() {
        boolean foundClosed = false;
        for (int c = 0; c < outOpen.length; c++) {
            if (!outOpen[c]) {
                continue;
            }
            try {
                if (round.chan(c).trySend(message(c))) {
                    next[c]++;
                    return true;
                }
            } catch (GoPanic p) {
                sendOnClosed(p);
                outOpen[c] = false;
                foundClosed = true;
            }
        }
        if (!foundClosed) {
            round.violation(name, "a select panicked with \"send on closed channel\" but none of its channels is closed");
        }
        return false;
    }

    private Msg message(int c) {
        return new Msg(spec.senderIndex(), c, next[c]);
    }

    private void sendOnClosed(GoPanic p) {
        if (!SEND_ON_CLOSED.equals(p.getMessage())) {
            throw p;
        }
        round.stats.add(Event.SEND_ON_CLOSED);
    }

    // ---- Receiving ----

    /** Tries once to receive; returns the message, or null if none was received this time. */
    private Msg receiveOne() {
        int open = count(inOpen);
        if (open == 1 && spec.style() != Style.SELECT) {
            int i = first(inOpen);
            Chan<Msg> ch = round.chan(i);
            try {
                switch (spec.style()) {
                    case RANGE -> {
                        if (range == null) {
                            range = ch.iterator();
                        }
                        if (range.hasNext()) {
                            return received(i, range.next());
                        }
                        inOpen[i] = false;   // closed and drained
                        range = null;
                        return null;
                    }
                    case TRY -> {
                        Recv<Msg> r = ch.tryRecv();
                        return received(i, r != null ? r : ch.recvOk());
                    }
                    default -> {
                        return received(i, ch.recvOk());
                    }
                }
            } catch (GoInterruptedException e) {
                interrupted();
                return null;
            }
        }
        List<Select.Case<Object>> cases = new ArrayList<>();
        for (int c = 0; c < inOpen.length; c++) {
            if (inOpen[c]) {
                int chan = c;
                cases.add(Select.recvOk(round.chan(c), r -> new Got(chan, r)));
            }
        }
        return select(cases) instanceof Got g ? received(g.chan, g.recv) : null;
    }

    private record Got(int chan, Recv<Msg> recv) {}

    private Msg received(int chan, Recv<Msg> r) {
        if (!r.ok()) {
            inOpen[chan] = false;
            return null;
        }
        return received(chan, r.value());
    }

    private Msg received(int chan, Msg m) {
        if (m == null) {
            round.violation(name, "received null with ok=true from chan " + chan);
            return null;
        }
        if (round.plant(Plant.DROP)) {
            return m;   // planted loss: received but never logged
        }
        log.add(chan, m);
        if (round.plant(Plant.DUPLICATE)) {
            log.add(chan, m);
        }
        return m;
    }

    // ---- Select with a context case and a timeout ----

    /**
     * Runs a select over {@code cases} plus this worker's context's done() and, by a random
     * draw, a time.After timeout, this worker's reusable timer, a default case, or nothing
     * more. Returns the channel case's result, or an {@link Outcome}.
     */
    private Object select(List<Select.Case<Object>> cases) {
        CancelContext c = ctx.get();
        cases.add(Select.recv(c.done(), v -> Outcome.CONTEXT_DONE));
        int draw = rnd.nextInt(8);
        Duration d = DELAYS[rnd.nextInt(DELAYS.length)];
        if (draw < 3) {
            var after = Time.after(d);
            lastAfter = after;
            cases.add(Select.recv(after, now -> now == null ? null : Outcome.AFTER));
        } else if (draw < 6) {
            timer.reset(d);
            cases.add(Select.recv(timer.c(), now -> {
                timer.received();
                return now == null ? null : Outcome.TIMER;
            }));
        } else if (draw == 6) {
            cases.add(Select.defaultCase(() -> Outcome.DEFAULT));
        }
        Object result;
        try {
            result = Select.select(toArray(cases));
        } catch (GoInterruptedException e) {
            interrupted();
            return Outcome.INTERRUPTED;
        }
        if (result == null) {
            round.violation(name, "a timer channel delivered null");
        } else if (result == Outcome.CONTEXT_DONE) {
            contextDone(c);
        } else if (result == Outcome.AFTER) {
            round.stats.add(Event.TIMEOUT_AFTER);
        } else if (result == Outcome.TIMER) {
            round.stats.add(Event.TIMEOUT_TIMER);
        } else if (result == Outcome.DEFAULT) {
            round.stats.add(Event.SELECT_DEFAULT);
        }
        return result;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Select.Case<Object>[] toArray(List<Select.Case<Object>> cases) {
        return cases.toArray(new Select.Case[0]);   // a generic array: Java allows no other way
    }

    /** The select saw {@code c.done()} closed: err() must say why; then take a fresh context. */
    private void contextDone(CancelContext c) {
        RuntimeException err = c.err();
        if (err instanceof DeadlineExceeded) {
            round.stats.add(Event.CTX_DONE_DEADLINE);
        } else if (err instanceof Canceled) {
            round.stats.add(Event.CTX_DONE_CANCELED);
        } else {
            round.violation(name, "done() was closed but err() is " + err);
        }
        renewContext();
    }

    /** Replaces the context with a fresh child of the group's current one; cancels the old. */
    private void renewContext() {
        CancelContext parent = round.group(spec.group());
        CancelContext fresh = spec.deadlines() && rnd.nextBoolean()
                ? Context.withTimeout(parent, DELAYS[1 + rnd.nextInt(DELAYS.length - 1)].multipliedBy(2))
                : Context.withCancel(parent);
        CancelContext old = ctx.getAndSet(fresh);
        if (old != null) {
            old.cancel();
        }
    }

    /** Cancels the current context (releasing its timer); called by the round when the worker ends. */
    void cancelContext() {
        ctx.get().cancel();
    }

    // ---- Interrupts ----

    /** Books an operation ended by an interrupt, and clears the flag it must have left set. */
    private void interrupted() {
        round.stats.add(Event.INTERRUPTED_OP);
        if (!Thread.interrupted()) {
            round.violation(name, "GoInterruptedException thrown without the interrupt flag set");
        }
    }

    // ---- Helpers ----

    private static boolean anyOpen(boolean[] open) {
        for (boolean b : open) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    private static int count(boolean[] open) {
        int n = 0;
        for (boolean b : open) {
            if (b) {
                n++;
            }
        }
        return n;
    }

    private static int first(boolean[] open) {
        for (int i = 0; i < open.length; i++) {
            if (open[i]) {
                return i;
            }
        }
        return -1;
    }
}
