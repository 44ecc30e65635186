package io.go4j.reliability.lincheck;

import io.go4j.GoPanic;
import io.go4j.Recv;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * ChanModel is the sequential specification of Go channels that the channel and select Lincheck
 * tests check go4j against: two channels, {@code a} and {@code b}, with Go's semantics as the
 * language specification and the runtime define them, written from the spec rather than from
 * go4j's code.
 *
 * <p>Every channel operation is a select: {@code send} is a select with one send case,
 * {@code trySend} adds a default, and so on, as the Go spec defines the non-blocking forms. A
 * select is served at one instant:
 * <ul>
 *   <li>a send case is ready if the channel is closed (it panics), a receiver is parked, or the
 *       buffer has room; a receive case if the buffer holds a value, a sender is parked, or the
 *       channel is closed (it yields the zero value, not ok);</li>
 *   <li>if several cases are ready, any one may be chosen (one successor per ready case);</li>
 *   <li>if none is and there is a default, the default runs; otherwise the operation parks on
 *       every case, at the tail of each channel's queue of parked senders or receivers;</li>
 *   <li>a sender meeting parked receivers hands its value to the first; a receiver meeting a
 *       full buffer takes its head and moves the first parked sender's value to its tail (so
 *       values leave a channel in the order they entered it); a parked select is served by one
 *       case and leaves every other queue at that instant;</li>
 *   <li>close completes every parked receiver with the zero value and every parked sender with
 *       a panic; values already buffered are still received, in order; close of a closed
 *       channel panics.</li>
 * </ul>
 * Operations return strings: {@code ok}, a value, {@code (v,true)}, {@code (nil,false)},
 * {@code none} (nothing ready), {@code default}, or {@code panic: <Go's message>}.
 */
public final class ChanModel extends DualSpec<ChanModel> {
    /** Outcome of a send case that completed. */
    static final Object SENT = "sent";
    /** Outcome of a case on a closed channel: a receive's zero value, a send's panic. */
    static final Object CLOSED = "closed";

    static final String SEND_ON_CLOSED = "panic: send on closed channel";
    static final String CLOSE_OF_CLOSED = "panic: close of closed channel";
    static final String[] NAMES = {"a", "b"};

    /** One case of a select: a channel, a direction, and the value to send. */
    record Case(int chan, boolean send, int value) {}

    /** A parked operation: its id, its name (which formats its result) and its cases. */
    record Parked(int id, String op, List<Case> cases) {}

    /** A parked operation's case waiting in a channel's queue. */
    record Entry(Parked op, int caseIndex) {}

    private static final class Channel {
        final int cap;
        final ArrayDeque<Integer> buf = new ArrayDeque<>();
        final List<Entry> recvq = new ArrayList<>();
        final List<Entry> sendq = new ArrayList<>();
        boolean closed;

        Channel(int cap) {
            this.cap = cap;
        }

        Channel copy() {
            Channel c = new Channel(cap);
            c.buf.addAll(buf);
            c.recvq.addAll(recvq);
            c.sendq.addAll(sendq);
            c.closed = closed;
            return c;
        }

        @Override
        public String toString() {
            return cap + buf.toString() + (closed ? "closed" : "") + "r" + ids(recvq) + "s" + ids(sendq);
        }

        private static String ids(List<Entry> q) {
            StringBuilder b = new StringBuilder("[");
            for (Entry e : q) {
                b.append(e.op.id).append('.').append(e.caseIndex).append(',');
            }
            return b.append(']').toString();
        }
    }

    private final Channel[] chans;

    /** A model of channel {@code a} with capacity {@code capA} and {@code b} with {@code capB}. */
    public ChanModel(int capA, int capB) {
        this.chans = new Channel[] {new Channel(capA), new Channel(capB)};
    }

    private ChanModel(Channel[] chans) {
        this.chans = chans;
    }

    @Override
    ChanModel copy() {
        Channel[] c = new Channel[chans.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = chans[i].copy();
        }
        return new ChanModel(c);
    }

    @Override
    String key() {
        return chans[0] + "|" + chans[1];
    }

    // ---------------------------------------------------------------------------------------
    // Operations, by the names of the test classes' methods (a trailing A or B names the channel)

    @Override
    List<ChanModel> start(String op, List<Object> args, int id) {
        int v = args.isEmpty() ? 0 : (Integer) args.get(0);
        int c = op.endsWith("B") ? 1 : 0;
        String base = op.endsWith("A") || op.endsWith("B") ? op.substring(0, op.length() - 1) : op;
        return switch (base) {
            case "send" -> select(op, id, List.of(new Case(c, true, v)), false);
            case "trySend" -> select(op, id, List.of(new Case(c, true, v)), true);
            case "recv", "recvOk" -> select(op, id, List.of(new Case(c, false, 0)), false);
            case "tryRecv" -> select(op, id, List.of(new Case(c, false, 0)), true);
            case "close" -> close(c, id);
            case "len" -> one(s -> s.complete(id, s.chans[c].buf.size()));
            case "selectRecv", "selectRecvDefault" ->
                    select(op, id, List.of(new Case(0, false, 0), new Case(1, false, 0)), base.endsWith("Default"));
            case "selectSend", "selectSendDefault" ->
                    select(op, id, List.of(new Case(0, true, v), new Case(1, true, v)), base.endsWith("Default"));
            case "selectSendRecv", "selectSendRecvDefault" ->
                    select(op, id, List.of(new Case(0, true, v), new Case(1, false, 0)), base.endsWith("Default"));
            case "selectSame" -> select(op, id, List.of(new Case(0, true, v), new Case(0, false, 0)), false);
            default -> throw new IllegalArgumentException("no model for " + op);
        };
    }

    /** Go's select: one successor per ready case, else the default, else parked on every case. */
    private List<ChanModel> select(String op, int id, List<Case> cases, boolean hasDefault) {
        List<ChanModel> next = successors();
        for (int i = 0; i < cases.size(); i++) {
            if (ready(cases.get(i))) {
                ChanModel s = copy();
                Object outcome = s.perform(cases.get(i));
                s.complete(id, format(op, cases.get(i), outcome));
                next.add(s);
            }
        }
        if (!next.isEmpty()) {
            return next;
        }
        if (hasDefault) {
            return one(s -> s.complete(id, format(op, null, null)));
        }
        return one(s -> {
            Parked p = new Parked(id, op, cases);
            for (int i = 0; i < cases.size(); i++) {
                Channel ch = s.chans[cases.get(i).chan];
                (cases.get(i).send ? ch.sendq : ch.recvq).add(new Entry(p, i));
            }
        });
    }

    private boolean ready(Case k) {
        Channel ch = chans[k.chan];
        if (k.send) {
            return ch.closed || !ch.recvq.isEmpty() || ch.buf.size() < ch.cap;
        }
        return !ch.buf.isEmpty() || !ch.sendq.isEmpty() || ch.closed;
    }

    /** Performs a ready case; returns its outcome: SENT, CLOSED or the value received. */
    private Object perform(Case k) {
        Channel ch = chans[k.chan];
        if (k.send) {
            if (ch.closed) {
                return CLOSED;
            }
            if (!ch.recvq.isEmpty()) {
                Entry r = ch.recvq.getFirst();
                serve(r, k.value);
                return SENT;
            }
            ch.buf.addLast(k.value);
            return SENT;
        }
        if (!ch.buf.isEmpty()) {
            int v = ch.buf.removeFirst();
            if (!ch.sendq.isEmpty()) {
                Entry s = ch.sendq.getFirst();
                ch.buf.addLast(s.op.cases.get(s.caseIndex).value);
                serve(s, SENT);
            }
            return v;
        }
        if (!ch.sendq.isEmpty()) {
            Entry s = ch.sendq.getFirst();
            serve(s, SENT);
            return s.op.cases.get(s.caseIndex).value;
        }
        return CLOSED;
    }

    /** Completes a parked operation by one of its cases, and removes all its cases from every queue. */
    private void serve(Entry e, Object outcome) {
        for (Channel ch : chans) {
            ch.recvq.removeIf(x -> x.op == e.op);
            ch.sendq.removeIf(x -> x.op == e.op);
        }
        complete(e.op.id, format(e.op.op, e.op.cases.get(e.caseIndex), outcome));
    }

    /**
     * Closes channel {@code c}: completes every operation parked on it. A parked select with
     * several cases on this channel may be completed by any of them (one successor per choice).
     */
    private List<ChanModel> close(int c, int id) {
        if (chans[c].closed) {
            return one(s -> s.complete(id, CLOSE_OF_CLOSED));
        }
        ChanModel s = copy();
        s.chans[c].closed = true;
        s.complete(id, "ok");
        Map<Parked, List<Entry>> parked = new LinkedHashMap<>();
        for (Entry e : s.chans[c].recvq) {
            parked.computeIfAbsent(e.op, k -> new ArrayList<>()).add(e);
        }
        for (Entry e : s.chans[c].sendq) {
            parked.computeIfAbsent(e.op, k -> new ArrayList<>()).add(e);
        }
        List<ChanModel> next = successors();
        wakeAll(s, new ArrayList<>(parked.values()), 0, next);
        return next;
    }

    private static void wakeAll(ChanModel s, List<List<Entry>> parked, int from, List<ChanModel> out) {
        if (from == parked.size()) {
            out.add(s);
            return;
        }
        for (Entry e : parked.get(from)) {
            ChanModel n = parked.get(from).size() == 1 ? s : s.copyKeepingResults();
            n.serve(e, CLOSED);
            wakeAll(n, parked, from + 1, out);
        }
    }

    private ChanModel copyKeepingResults() {
        ChanModel n = copy();
        for (Map.Entry<Integer, Object> r : drainCompleted().entrySet()) {
            complete(r.getKey(), r.getValue());
            n.complete(r.getKey(), r.getValue());
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------
    // Results, shared with the test classes so that both sides spell them alike

    /** Formats the result of operation {@code op} completed by case {@code k} (null: the default). */
    static String format(String op, Case k, Object outcome) {
        String base = op.endsWith("A") || op.endsWith("B") ? op.substring(0, op.length() - 1) : op;
        if (k == null) {
            return switch (base) {
                case "trySend" -> "false";
                case "tryRecv" -> "none";
                default -> "default";
            };
        }
        if (k.send) {
            if (outcome == CLOSED) {
                return SEND_ON_CLOSED;
            }
            return switch (base) {
                case "send" -> "ok";
                case "trySend" -> "true";
                default -> NAMES[k.chan] + "<-" + k.value;
            };
        }
        Integer value = outcome == CLOSED ? null : (Integer) outcome;
        return switch (base) {
            case "recv" -> String.valueOf(value == null ? "nil" : value);
            case "recvOk", "tryRecv" -> recvOk(value, value != null);
            default -> NAMES[k.chan] + ":" + recvOk(value, value != null);
        };
    }

    /** Go's {@code v, ok := <-c} as a string. */
    static String recvOk(Integer value, boolean ok) {
        return "(" + (value == null ? "nil" : value) + "," + ok + ")";
    }

    /** A receive's result as the test classes report it: null means nothing was ready. */
    static String recvOk(Recv<Integer> r) {
        return r == null ? "none" : recvOk(r.value(), r.ok());
    }

    /** A panic as a result. */
    static String panic(GoPanic p) {
        return "panic: " + p.getMessage();
    }

    /** Runs {@code op}, reporting a GoPanic it throws as a result. */
    static String orPanic(Supplier<String> op) {
        try {
            return op.get();
        } catch (GoPanic p) {
            return panic(p);
        }
    }
}
