package io.go4j;

import io.go4j.internal.chan.HChan;
import io.go4j.internal.chan.SelectImpl;
import io.go4j.internal.runtime.Outcome;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Select is Go's {@code select} statement: it waits until one of several send or receive cases
 * can proceed, runs exactly that case, and returns the case's result.
 *
 * <pre>{@code
 * Chan<String> results = Chan.make(1);
 * Chan<Boolean> quit = Chan.make();
 * results.send("done");
 * String what = Select.select(
 *         Select.recv(results, v -> "got " + v),
 *         Select.recv(quit, v -> "quit"),
 *         Select.defaultCase(() -> "nothing ready"));
 * System.out.println(what);   // got done
 * }</pre>
 *
 * <p>Rules, from the Go specification:
 * <ul>
 *   <li>If several cases are ready, one is chosen uniformly at random; readiness is judged at
 *       one instant, with every channel of the select locked.</li>
 *   <li>A case whose channel is {@code null} or {@link Chan#nil()} is never ready.</li>
 *   <li>With a default case, select never blocks: the default runs if no case is ready.</li>
 *   <li>Without cases (and without default) select blocks forever.</li>
 *   <li>Exactly one case fires; a losing send case's value is never delivered and a losing
 *       receive case consumes nothing. The same channel may appear in several cases, for sending
 *       and receiving at once; a select never pairs with itself.</li>
 *   <li>A send case on a closed channel, if chosen, panics with "send on closed channel".</li>
 * </ul>
 * A blocked select responds to {@link Thread#interrupt()} with {@link GoInterruptedException};
 * no case has then run. The case handlers run in the selecting thread after the communication,
 * outside any lock.
 *
 * <p>Two forms run the same select. {@link #select} returns the chosen case's handler result:
 * handy when each case computes a value. {@link #choose} returns a {@link Chosen} telling which
 * case fired, with the value received, so the caller's own {@code switch} handles it and
 * {@code break}, {@code continue} and {@code return} work as in Go's {@code select} statement:
 * a for-select loop needs no sentinel values (see {@link Chosen}). Cases are immutable and may be
 * built once, outside the loop, and reused by every select.
 */
public final class Select {
    /*
     * Implementation notes: this class only builds the case arrays and maps results to
     * handlers; the algorithm (Go's selectgo: lock in order, poll in random order, register,
     * park, unregister) is internal.chan.SelectImpl. select and choose share run(), so they have
     * the same rules, random choice and interrupt behaviour; choose allocates one Chosen more.
     */

    private enum Kind { RECV, RECV_OK, SEND, DEFAULT }

    /**
     * Case is one case of a {@link Select#select} or {@link Select#choose}: a send, a receive,
     * or the default, with the handler that computes the case's result when it is chosen
     * (for {@link Select#recv(RecvChan)}, the value received). A case is immutable: it may be
     * built once and passed to many selects.
     *
     * <pre>{@code
     * Chan<Integer> ch = Chan.make(1);
     * Select.Case<String> sent = Select.send(ch, 7, () -> "sent 7");
     * System.out.println(Select.select(sent));   // sent 7
     * }</pre>
     *
     * @param <R> the type of the result the handler returns
     */
    public static final class Case<R> {
        private final Kind kind;
        private final Object chan;        // Chan, a view, or null (never ready)
        private final Object value;       // for SEND
        private final Object handler;     // Function for receives, Supplier for send and default

        private Case(Kind kind, Object chan, Object value, Object handler) {
            this.kind = kind;
            this.chan = chan;
            this.value = value;
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** Reports whether this case is a receive that got a sent value (reflect.Select's recvOK). */
        private boolean receivedValue(Object outcome) {
            return (kind == Kind.RECV || kind == Kind.RECV_OK) && outcome != HChan.CLOSED;
        }

        /** Runs this case's handler on the outcome of its communication. */
        @SuppressWarnings("unchecked")
        private R complete(Object outcome) {
            return switch (kind) {
                case SEND -> {
                    if (outcome == SelectImpl.SEND_ON_CLOSED) {
                        throw Chan.sendOnClosed();
                    }
                    yield ((Supplier<R>) handler).get();
                }
                case DEFAULT -> ((Supplier<R>) handler).get();
                case RECV -> ((Function<Object, R>) handler).apply(outcome == HChan.CLOSED ? null : outcome);
                case RECV_OK -> ((Function<Object, R>) handler).apply(
                        outcome == HChan.CLOSED ? Recv.closed() : new Recv<>(outcome, true));
            };
        }
    }

    /**
     * Chosen says which case of a {@link Select#choose} fired: its index (Go's
     * {@code reflect.Select} result), the value it received and whether a value was received,
     * so the caller's own {@code switch} or {@code if} handles it. In a for-select loop,
     * {@code break label}, {@code continue} and {@code return} then work as in Go:
     *
     * <pre>{@code
     * static int sumOddJobs(RecvChan<Integer> jobs, RecvChan<Empty> quit) {
     *     Select.Case<Integer> job = Select.recv(jobs);   // built once, reused by every select
     *     Select.Case<Empty> stop = Select.recv(quit);
     *     int sum = 0;
     *     loop:
     *     for (;;) {
     *         Select.Chosen c = Select.choose(job, stop);
     *         switch (c.index()) {
     *             case 0 -> {
     *                 if (!c.ok()) break loop;   // jobs closed and drained
     *                 int n = c.value(job);
     *                 if (n % 2 == 0) continue;  // skip even jobs
     *                 sum += n;
     *             }
     *             case 1 -> {
     *                 return -1;                 // told to quit
     *             }
     *         }
     *     }
     *     return sum;
     * }
     *
     * Chan<Integer> jobs = Chan.make(8);
     * for (int i = 1; i <= 6; i++) jobs.send(i);
     * jobs.close();
     * System.out.println(sumOddJobs(jobs, Chan.make()));   // 9
     * Chan<Empty> quit = Chan.make(1);
     * quit.send(Empty.VALUE);
     * System.out.println(sumOddJobs(Chan.make(), quit));   // -1
     * }</pre>
     */
    public static final class Chosen {
        private final int index;
        private final Case<?> chosen;
        private final Object value;
        private final boolean ok;

        private Chosen(int index, Case<?> chosen, Object value, boolean ok) {
            this.index = index;
            this.chosen = chosen;
            this.value = value;
            this.ok = ok;
        }

        /**
         * Returns the position of the case that fired among the arguments of
         * {@link Select#choose}, counting from 0 (the default case has its own position).
         *
         * @return the index of the chosen case
         */
        public int index() {
            return index;
        }

        /**
         * Reports whether {@code c} is the case that fired (compared by identity).
         *
         * @param c a case passed to {@link Select#choose}
         * @return true if {@code c} fired
         */
        public boolean is(Case<?> c) {
            return chosen == c;
        }

        /**
         * Returns the chosen case's result: the value received (null if the channel is closed)
         * for {@link Select#recv(RecvChan)}, the {@link Recv} for {@code recvOk(ch, r -> r)},
         * the handler's result for a case with a handler, null for a send or the default.
         *
         * @return the chosen case's result, untyped (see {@link #value(Case)})
         */
        public Object value() {
            return value;
        }

        /**
         * Returns the result of case {@code c}, typed by the case, if {@code c} is the case that
         * fired.
         *
         * @param c   the case that fired
         * @param <T> the case's result type
         * @return the chosen case's result, as {@link #value()}
         * @throws IllegalStateException if {@code c} is not the case that fired
         */
        @SuppressWarnings("unchecked")
        public <T> T value(Case<T> c) {
            if (chosen != c) {
                throw new IllegalStateException("case " + index + " fired, not the one asked for");
            }
            return (T) value;
        }

        /**
         * Reports whether the chosen case received a sent value: false if it received because
         * its channel is closed, and false for a send case or the default (Go's
         * {@code reflect.Select} {@code recvOK}).
         *
         * @return whether a value sent on the channel was received
         */
        public boolean ok() {
            return ok;
        }

        @Override
        public String toString() {
            return "Chosen[index=" + index + ", value=" + value + ", ok=" + ok + "]";
        }
    }

    private Select() {}

    /**
     * Runs the select: blocks until one case can proceed (or runs the default case), performs
     * that case's communication, and returns its handler's result.
     *
     * @param cases the cases, at most one of them the default
     * @param <R>   the result type
     * @return the chosen case's handler result
     * @throws NullPointerException     if a case is null (a null channel in a case is allowed:
     *                                  that case is never ready)
     * @throws IllegalArgumentException if more than one default case is given
     * @throws GoPanic                  "send on closed channel" if a chosen send case's channel is closed
     * @throws GoInterruptedException   if interrupted while blocked; no case ran
     */
    @SafeVarargs
    public static <R> R select(Case<? extends R>... cases) {
        Object[] elems = new Object[cases.length];
        int chosen = run(cases, elems);
        return cases[chosen].complete(elems[chosen]);
    }

    /**
     * Runs the select and returns which case fired, with the value it received: Go's
     * {@code select} statement, whose cases the caller handles in its own control flow (see
     * {@link Chosen}). The rules, the random choice and the interrupt behaviour are those of
     * {@link #select}; a case built with a handler still runs it, and its result is the
     * {@linkplain Chosen#value() value}.
     *
     * @param cases the cases, at most one of them the default
     * @return which case fired, its value and whether it received a sent value
     * @throws NullPointerException     if a case is null (a null channel in a case is allowed:
     *                                  that case is never ready)
     * @throws IllegalArgumentException if more than one default case is given
     * @throws GoPanic                  "send on closed channel" if a chosen send case's channel is closed
     * @throws GoInterruptedException   if interrupted while blocked; no case ran
     */
    public static Chosen choose(Case<?>... cases) {
        Object[] elems = new Object[cases.length];
        int chosen = run(cases, elems);
        Case<?> c = cases[chosen];
        Object outcome = elems[chosen];
        boolean ok = c.receivedValue(outcome);
        return new Chosen(chosen, c, c.complete(outcome), ok);
    }

    /**
     * Runs the internal select over {@code cases} and returns the index of the case that ran
     * (the default case's own index if it ran); {@code elems[i]} then holds that case's outcome.
     */
    private static int run(Case<?>[] cases, Object[] elems) {
        int n = cases.length;
        HChan[] chans = new HChan[n];
        int defaultIndex = -1;
        for (int i = 0; i < n; i++) {
            Case<?> c = Objects.requireNonNull(cases[i], "select case");
            if (c.kind == Kind.DEFAULT) {
                if (defaultIndex >= 0) {
                    throw new IllegalArgumentException("multiple defaults in select");
                }
                defaultIndex = i;
            } else {
                HChan h = Chan.implOf(c.chan);
                if (h != null && h.bubble != null) {
                    Chan.checkBubble(h, "select on");   // Go: select on synctest channel from outside bubble
                }
                chans[i] = h;
                elems[i] = c.value;
            }
        }
        int chosen = SelectImpl.select(chans, elems, defaultIndex >= 0);
        return switch (chosen) {
            case Outcome.WOULD_BLOCK -> defaultIndex;
            case Outcome.INTERRUPTED -> throw new GoInterruptedException("select");
            default -> chosen;
        };
    }

    // ---- Cases with a result (for select and choose) ----

    /**
     * A receive case whose result is {@code onValue}'s.
     *
     * @param ch      the channel to receive from; null or {@link Chan#nil()}: never ready
     * @param onValue gets the value received, or null if the channel is closed
     * @param <T>     the element type
     * @param <R>     the result type
     * @return the case
     */
    public static <T, R> Case<R> recv(RecvChan<T> ch, Function<? super T, ? extends R> onValue) {
        return new Case<>(Kind.RECV, ch, null, Objects.requireNonNull(onValue, "onValue"));
    }

    /**
     * A receive case whose result is the value received (null if the channel is closed): with
     * {@link #choose}, Go's {@code case v := <-ch:}.
     *
     * @param ch  the channel to receive from; null or {@link Chan#nil()}: never ready
     * @param <T> the element type
     * @return the case
     */
    public static <T> Case<T> recv(RecvChan<T> ch) {
        return recv(ch, Function.<T>identity());
    }

    /**
     * A receive case with Go's comma-ok ({@code case v, ok := <-ch:}), whose result is
     * {@code onRecv}'s.
     *
     * @param ch     the channel to receive from; null or {@link Chan#nil()}: never ready
     * @param onRecv gets (value, ok)
     * @param <T>    the element type
     * @param <R>    the result type
     * @return the case
     */
    public static <T, R> Case<R> recvOk(RecvChan<T> ch, Function<? super Recv<T>, ? extends R> onRecv) {
        return new Case<>(Kind.RECV_OK, ch, null, Objects.requireNonNull(onRecv, "onRecv"));
    }

    /**
     * A send case whose result is {@code onSent}'s, computed once {@code value} is sent.
     *
     * @param ch     the channel to send on; null or {@link Chan#nil()}: never ready
     * @param value  the value to send
     * @param onSent computes the result after the send
     * @param <T>    the element type
     * @param <R>    the result type
     * @return the case
     * @throws NullPointerException if {@code value} is null
     */
    public static <T, R> Case<R> send(SendChan<T> ch, T value, Supplier<? extends R> onSent) {
        Objects.requireNonNull(value, "null is not a channel element");
        return new Case<>(Kind.SEND, ch, value, Objects.requireNonNull(onSent, "onSent"));
    }

    /**
     * A send case whose result is null: with {@link #choose}, Go's {@code case ch <- value:}.
     *
     * @param ch    the channel to send on; null or {@link Chan#nil()}: never ready
     * @param value the value to send
     * @param <T>   the element type
     * @return the case
     * @throws NullPointerException if {@code value} is null
     */
    public static <T> Case<Void> send(SendChan<T> ch, T value) {
        return send(ch, value, () -> null);
    }

    /**
     * The default case: runs, and gives the result, when no other case is ready.
     *
     * @param onDefault computes the result
     * @param <R>       the result type
     * @return the case
     */
    public static <R> Case<R> defaultCase(Supplier<? extends R> onDefault) {
        return new Case<>(Kind.DEFAULT, null, null, Objects.requireNonNull(onDefault, "onDefault"));
    }

    /**
     * The default case with a null result: with {@link #choose}, Go's {@code default:}.
     *
     * @return the case
     */
    public static Case<Void> defaultCase() {
        return defaultCase(() -> null);
    }

    // ---- Cases with void handlers ----

    /**
     * A receive case running {@code onValue}; its result is null.
     *
     * @param ch      the channel to receive from; null or {@link Chan#nil()}: never ready
     * @param onValue gets the value received, or null if the channel is closed
     * @param <T>     the element type
     * @return the case
     */
    public static <T> Case<Void> onRecv(RecvChan<T> ch, Consumer<? super T> onValue) {
        Objects.requireNonNull(onValue, "onValue");
        return recv(ch, v -> {
            onValue.accept(v);
            return null;
        });
    }

    /**
     * A comma-ok receive case running {@code onRecv}; its result is null.
     *
     * @param ch     the channel to receive from; null or {@link Chan#nil()}: never ready
     * @param onRecv gets (value, ok)
     * @param <T>    the element type
     * @return the case
     */
    public static <T> Case<Void> onRecvOk(RecvChan<T> ch, Consumer<? super Recv<T>> onRecv) {
        Objects.requireNonNull(onRecv, "onRecv");
        return recvOk(ch, r -> {
            onRecv.accept(r);
            return null;
        });
    }

    /**
     * A send case running {@code onSent} once {@code value} is sent; its result is null.
     *
     * @param ch     the channel to send on; null or {@link Chan#nil()}: never ready
     * @param value  the value to send
     * @param onSent runs after the send
     * @param <T>    the element type
     * @return the case
     * @throws NullPointerException if {@code value} is null
     */
    public static <T> Case<Void> onSend(SendChan<T> ch, T value, Runnable onSent) {
        Objects.requireNonNull(onSent, "onSent");
        return send(ch, value, () -> {
            onSent.run();
            return null;
        });
    }

    /**
     * The default case running {@code onDefault}; its result is null.
     *
     * @param onDefault runs when no other case is ready
     * @return the case
     */
    public static Case<Void> onDefault(Runnable onDefault) {
        Objects.requireNonNull(onDefault, "onDefault");
        return defaultCase(() -> {
            onDefault.run();
            return null;
        });
    }
}
