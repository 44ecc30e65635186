package io.go4j.singleflight;

import io.go4j.Chan;
import io.go4j.GoInterruptedException;
import io.go4j.RecvChan;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

import static io.go4j.Go.go;

/**
 * Group suppresses duplicate work: while a call for a key is in flight, later calls for the same
 * key wait for it and share its result instead of running their own (Go's
 * {@code singleflight.Group}).
 *
 * <pre>{@code
 * Group<String, Integer> lookups = new Group<>();
 * Group.Result<Integer> r = lookups.run("answer", () -> 42);
 * System.out.println(r.value() + " shared=" + r.shared());   // 42 shared=false
 * }</pre>
 *
 * <p>A function that throws an {@link Exception} gives every caller sharing the call a result
 * whose {@link Result#error()} is that exception (Go's returned error); one that throws an
 * {@link Error} (Go's panic) rethrows it in every caller sharing the call. A waiting caller
 * responds to {@link Thread#interrupt()} with {@link GoInterruptedException}; the call itself goes
 * on for the others.
 *
 * <p>Memory model: the completion of a call's function happens-before every caller sharing it
 * returns its result.
 *
 * @param <K> the key type (with {@code equals} and {@code hashCode})
 * @param <V> the result type
 */
public final class Group<K, V> {
    /*
     * Implementation notes. Invariants: a key is in `calls` exactly while its call runs; each
     * Call's `done` channel is closed once, after its outcome fields are written, and only then
     * is the call removed from the map (under the monitor), so a caller that finds a Call either
     * shares it or, after removal, starts a new one. The monitor guards the map only: functions
     * run outside it, and waiting is a receive on `done` (a goroutine waiting here is parked in
     * a go4j primitive, so it shows in dumps, and interruption works as for any receive).
     */

    /**
     * Result is the outcome of {@link #run}: the function's value or its exception, and whether
     * the result was given to more than one caller.
     *
     * <pre>{@code
     * Group<String, Integer> g = new Group<>();
     * Group.Result<Integer> r = g.run("bad", () -> Integer.parseInt("x"));
     * System.out.println(r.value() + " " + r.error().getClass().getSimpleName());   // null NumberFormatException
     * }</pre>
     *
     * @param value  the value, or null if the function threw
     * @param error  the exception the function threw, or null
     * @param shared whether other callers shared this call
     * @param <V>    the value type
     */
    public record Result<V>(V value, Exception error, boolean shared) {}

    private final Map<K, Call<V>> calls = new HashMap<>();   // guarded by this

    /** Creates a group with no call in flight. */
    public Group() {}

    /**
     * Runs {@code fn} for {@code key}, unless a call for {@code key} is already in flight: then
     * waits for that call and returns its result, marked shared.
     *
     * @param key the key that identifies the call
     * @param fn  the function to call if no call for {@code key} is in flight
     * @return the call's value or exception, and whether it was shared
     * @throws GoInterruptedException if interrupted while waiting for another caller's call
     * @throws Error                  the Error {@code fn} threw (rethrown in every sharing caller)
     */
    public Result<V> run(K key, Callable<? extends V> fn) {
        Objects.requireNonNull(fn, "fn");
        Call<V> call;
        boolean mine = false;
        synchronized (this) {
            call = calls.get(key);
            if (call == null) {
                call = new Call<>();
                calls.put(key, call);
                mine = true;
            } else {
                call.dups++;
            }
        }
        if (mine) {
            execute(key, call, fn);
        } else {
            call.done.recv();
        }
        return call.result(!mine || call.dups > 0);
    }

    /**
     * Starts the call for {@code key} (or joins the one in flight) in a goroutine and returns a
     * channel that delivers its result once (Go's {@code DoChan}). An Error thrown by {@code fn}
     * is reported as that goroutine's panic and nothing is delivered.
     *
     * @param key the key that identifies the call
     * @param fn  the function to call if no call for {@code key} is in flight
     * @return a channel that delivers the call's result once
     */
    public RecvChan<Result<V>> runChan(K key, Callable<? extends V> fn) {
        Chan<Result<V>> out = Chan.make(1);
        go(() -> out.send(run(key, fn)));
        return out.recvOnly();
    }

    /**
     * Forgets {@code key}: a later {@link #run} for it calls its function instead of waiting for
     * the call in flight.
     *
     * @param key the key to forget
     */
    public void forget(K key) {
        synchronized (this) {
            calls.remove(key);
        }
    }

    private void execute(K key, Call<V> call, Callable<? extends V> fn) {
        try {
            call.value = fn.call();
        } catch (Exception e) {
            call.error = e;
        } catch (Error e) {
            call.panic = e;
        } finally {
            synchronized (this) {
                if (calls.get(key) == call) {   // forget() may have removed it, or a newer call replaced it
                    calls.remove(key);
                }
            }
            call.done.close();
        }
    }

    /** One call in flight and its outcome, written before {@code done} is closed. */
    private static final class Call<V> {
        final Chan<Void> done = Chan.make();
        int dups;              // guarded by the Group's monitor
        V value;
        Exception error;
        Error panic;

        Result<V> result(boolean shared) {
            if (panic != null) {
                throw panic;
            }
            return new Result<>(value, error, shared);
        }
    }
}
