package io.go4j.singleflight;

import io.go4j.Chan;
import io.go4j.GoInterruptedException;
import io.go4j.RecvChan;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

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
 * {@link Error} (Go's panic) rethrows it in every {@link #run} caller sharing the call, and
 * gives every {@link #runChan} caller a result carrying it (see there): no caller is left
 * waiting. A waiting caller responds to {@link Thread#interrupt()} with
 * {@link GoInterruptedException}; the call itself goes on for the others.
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
     *
     * An Error in runChan: Go's DoChan re-panics in a fresh goroutine, which ends the program,
     * so its receivers never wait in vain. go4j's panics end the program only with
     * -Dgo4j.panic=exit, so a channel left empty would block its receiver forever (0.1 did
     * that). runChan therefore reports the Error as a panic once, in the goroutine that ran
     * the function, and then, if the process is still alive, delivers a result to every
     * runChan caller sharing the call, each with its own ExecutionException wrapper (as a
     * FutureTask wraps what its task threw): no two receivers share a mutable exception.
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
     * @param key the key whose call to run or join
     * @param fn  the function to run if no call for {@code key} is in flight
     * @return the call's value or exception, and whether it was shared
     * @throws GoInterruptedException if interrupted while waiting for another caller's call
     * @throws Error                  the Error {@code fn} threw (rethrown in every sharing caller)
     */
    public Result<V> run(K key, Callable<? extends V> fn) {
        Objects.requireNonNull(fn, "fn");
        Joined<V> j = join(key, fn);
        if (j.call.panic != null) {
            throw j.call.panic;
        }
        return j.call.result(j.shared());
    }

    /**
     * Starts the call for {@code key} (or joins the one in flight) in a goroutine and returns a
     * channel that delivers its result once (Go's {@code DoChan}).
     *
     * <p>If {@code fn} throws an {@link Error} (Go's panic), the Error is reported as the
     * uncaught panic of the goroutine that ran {@code fn}, as for any goroutine (printed in
     * Go's panic format or passed to the default uncaught-exception handler; with
     * {@code -Dgo4j.panic=exit} the process ends there, as Go's program does), and then every
     * runChan caller sharing the call receives a result whose {@link Result#error()} is a new
     * {@link ExecutionException} with that Error as its cause. The channel always delivers.
     *
     * @param key the key whose call to start or join
     * @param fn  the function to run if no call for {@code key} is in flight
     * @return a channel of capacity 1 that receives the call's result once
     */
    public RecvChan<Result<V>> runChan(K key, Callable<? extends V> fn) {
        Objects.requireNonNull(fn, "fn");
        Chan<Result<V>> out = Chan.make(1);
        go(() -> {
            Joined<V> j = join(key, fn);
            Error panic = j.call.panic;
            if (panic == null) {
                out.send(j.call.result(j.shared()));
                return;
            }
            if (j.mine) {
                Thread self = Thread.currentThread();
                self.getUncaughtExceptionHandler().uncaughtException(self, panic);   // Go's panic
            }
            out.send(new Result<>(null, new ExecutionException(panic), j.shared()));
        });
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

    /** Runs the call for {@code key}, or waits for the one in flight; either way it has finished. */
    private Joined<V> join(K key, Callable<? extends V> fn) {
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
        return new Joined<>(call, mine);
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

        /** The result of a call whose function did not throw an Error. */
        Result<V> result(boolean shared) {
            return new Result<>(value, error, shared);
        }
    }

    /**
     * A finished call as one caller joined it: {@code mine} if this caller ran the function.
     * The call's {@code dups} is final once it has finished (it is no longer in the map).
     */
    private record Joined<V>(Call<V> call, boolean mine) {
        boolean shared() {
            return !mine || call.dups > 0;
        }
    }
}
