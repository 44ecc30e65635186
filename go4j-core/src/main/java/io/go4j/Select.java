package io.go4j;

import io.go4j.internal.chan.HChan;
import io.go4j.internal.chan.SelectImpl;

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
 */
public final class Select {
    /*
     * Implementation notes: this class only builds the case arrays and maps results to
     * handlers; the algorithm (Go's selectgo: lock in order, poll in random order, register,
     * park, unregister) is internal.chan.SelectImpl.
     */

    private enum Kind { RECV, RECV_OK, SEND, DEFAULT }

    /**
     * Case is one case of a {@link Select#select}: a send, a receive, or the default, with the
     * handler that computes the select's result when this case is chosen.
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

    private Select() {}

    /**
     * Runs the select: blocks until one case can proceed (or runs the default case), performs
     * that case's communication, and returns its handler's result.
     *
     * @param <R>   the result type
     * @param cases the cases, at most one of them a default case
     * @return the result of the chosen case's handler
     * @throws NullPointerException     if a case is null (a null channel in a case is allowed:
     *                                  that case is never ready)
     * @throws IllegalArgumentException if more than one default case is given
     * @throws GoPanic                  "send on closed channel" if a chosen send case's channel is closed
     * @throws GoInterruptedException   if interrupted while blocked; no case ran
     */
    @SafeVarargs
    public static <R> R select(Case<? extends R>... cases) {
        int n = cases.length;
        HChan[] chans = new HChan[n];
        Object[] elems = new Object[n];   // a send's value; null for a receive
        int defaultIndex = -1;
        for (int i = 0; i < n; i++) {
            Case<? extends R> c = Objects.requireNonNull(cases[i], "select case");
            if (c.kind == Kind.DEFAULT) {
                if (defaultIndex >= 0) {
                    throw new IllegalArgumentException("multiple defaults in select");
                }
                defaultIndex = i;
            } else {
                chans[i] = Chan.implOf(c.chan);
                elems[i] = c.value;
            }
        }
        int chosen = SelectImpl.select(chans, elems, defaultIndex >= 0);
        return switch (chosen) {
            case SelectImpl.DEFAULT -> cases[defaultIndex].complete(null);
            case SelectImpl.INTERRUPTED -> throw new GoInterruptedException("select");
            default -> cases[chosen].complete(elems[chosen]);
        };
    }

    // ---- Cases with a result ----

    /**
     * A receive case; {@code onValue} gets the value, or null if the channel is closed.
     *
     * @param <T>     the element type
     * @param <R>     the result type
     * @param ch      the channel to receive from; null or nil makes a case that is never ready
     * @param onValue computes the select's result from the value received
     * @return the case
     */
    public static <T, R> Case<R> recv(RecvChan<T> ch, Function<? super T, ? extends R> onValue) {
        return new Case<>(Kind.RECV, ch, null, Objects.requireNonNull(onValue, "onValue"));
    }

    /**
     * A receive case whose result is the value received (null if the channel is closed).
     *
     * @param <T> the element type
     * @param ch  the channel to receive from; null or nil makes a case that is never ready
     * @return the case
     */
    public static <T> Case<T> recv(RecvChan<T> ch) {
        return recv(ch, Function.<T>identity());
    }

    /**
     * A receive case with Go's comma-ok: {@code onRecv} gets (value, ok).
     *
     * @param <T>    the element type
     * @param <R>    the result type
     * @param ch     the channel to receive from; null or nil makes a case that is never ready
     * @param onRecv computes the select's result from the value and {@code ok}
     * @return the case
     */
    public static <T, R> Case<R> recvOk(RecvChan<T> ch, Function<? super Recv<T>, ? extends R> onRecv) {
        return new Case<>(Kind.RECV_OK, ch, null, Objects.requireNonNull(onRecv, "onRecv"));
    }

    /**
     * A send case; {@code onSent} computes the result once {@code value} is sent.
     *
     * @param <T>    the element type
     * @param <R>    the result type
     * @param ch     the channel to send on; null or nil makes a case that is never ready
     * @param value  the value to send, not null
     * @param onSent computes the select's result after the send
     * @return the case
     * @throws NullPointerException if {@code value} is null
     */
    public static <T, R> Case<R> send(SendChan<T> ch, T value, Supplier<? extends R> onSent) {
        Objects.requireNonNull(value, "null is not a channel element");
        return new Case<>(Kind.SEND, ch, value, Objects.requireNonNull(onSent, "onSent"));
    }

    /**
     * A send case whose result is null.
     *
     * @param <T>   the element type
     * @param ch    the channel to send on; null or nil makes a case that is never ready
     * @param value the value to send, not null
     * @return the case
     */
    public static <T> Case<Void> send(SendChan<T> ch, T value) {
        return send(ch, value, () -> null);
    }

    /**
     * The default case: runs, and gives the result, when no other case is ready.
     *
     * @param <R>       the result type
     * @param onDefault computes the select's result when no other case is ready
     * @return the case
     */
    public static <R> Case<R> defaultCase(Supplier<? extends R> onDefault) {
        return new Case<>(Kind.DEFAULT, null, null, Objects.requireNonNull(onDefault, "onDefault"));
    }

    /** {@return the default case, with a null result} */
    public static Case<Void> defaultCase() {
        return defaultCase(() -> null);
    }

    // ---- Statement forms: void handlers ----

    /**
     * A receive case running {@code onValue} with the value (null if the channel is closed).
     *
     * @param <T>     the element type
     * @param ch      the channel to receive from; null or nil makes a case that is never ready
     * @param onValue runs with the value received
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
     * A comma-ok receive case running {@code onRecv} with (value, ok).
     *
     * @param <T>    the element type
     * @param ch     the channel to receive from; null or nil makes a case that is never ready
     * @param onRecv runs with the value and {@code ok}
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
     * A send case running {@code onSent} once {@code value} is sent.
     *
     * @param <T>    the element type
     * @param ch     the channel to send on; null or nil makes a case that is never ready
     * @param value  the value to send, not null
     * @param onSent runs after the send
     * @return the case
     */
    public static <T> Case<Void> onSend(SendChan<T> ch, T value, Runnable onSent) {
        Objects.requireNonNull(onSent, "onSent");
        return send(ch, value, () -> {
            onSent.run();
            return null;
        });
    }

    /**
     * The default case running {@code onDefault}.
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
