package io.go4j.sync;

import io.go4j.GoInterruptedException;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.WaitReason;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Once performs exactly one action, as Go's {@code sync.Once}: the first call of
 * {@link #run(Runnable)} runs its function; every later call, with any function, does nothing.
 * Calls made while the first is running block until it returns, so when {@code run} returns the
 * action has completed.
 *
 * <p>An action that throws (Go: panics) still counts as done: the exception propagates to the
 * caller that ran it, and later calls do not run anything. If the action itself calls
 * {@code run} on the same Once, it deadlocks, as in Go.
 *
 * <p>The static helpers wrap a function so it runs once however often it is called (Go 1.21's
 * {@code OnceFunc}, {@code OnceValue}, {@code OnceValues}); a function that threw rethrows the
 * same exception on every call.
 *
 * <p>Interruption: a goroutine interrupted while blocked behind a running first call throws
 * {@link GoInterruptedException} with its interrupt flag set; the action is unaffected.
 *
 * <p>Memory model: the return of the function run by the first {@code run} happens-before the
 * return of every call of {@code run} on this Once.
 * <pre>{@code
 * Once once = new Once();
 * for (int i = 0; i < 3; i++) {
 *     once.run(() -> System.out.println("initialised"));
 * }
 * // initialised (printed once)
 * }</pre>
 */
public final class Once {
    /*
     * Implementation notes.
     *
     * Go's two-phase shape: a volatile done flag read on the fast path, and a Mutex around the
     * slow path that runs the function and sets the flag after it returns (in a finally, so a
     * throwing function counts as run).
     *
     * Tempting and wrong: setting done with a CAS before running the function (one winner, no
     * Mutex). A second caller would then return while the first is still running the function,
     * and see an uninitialised result. Callers must block until the function has returned, which
     * is what the Mutex gives, and the volatile write of done after the function publishes its
     * effects to every later fast-path reader.
     */

    private final Mutex m = new Mutex();
    private volatile boolean done;   // written once, under m, after f returned or threw

    /** Creates a Once whose action has not run. */
    public Once() {}

    /**
     * Runs {@code f} if and only if this is the first call of {@code run} on this Once; otherwise
     * waits until the first call's function has returned, then returns.
     *
     * @param f the function the first call runs
     * @throws GoInterruptedException if interrupted while waiting for the first call
     */
    public void run(Runnable f) {
        Objects.requireNonNull(f, "f");
        if (!done) {
            runSlow(f);
        }
        if (Hooks.SYNC_EVENTS) {
            Hooks.acquire(this, 0);
        }
    }

    private void runSlow(Runnable f) {
        m.lock(WaitReason.SYNC_MUTEX_LOCK, "sync.Once.Do");
        try {
            if (!done) {
                try {
                    f.run();
                } finally {
                    if (Hooks.SYNC_EVENTS) {
                        Hooks.release(this, 0);
                    }
                    done = true;
                }
            }
        } finally {
            m.unlock();
        }
    }

    /**
     * Returns a Runnable that runs {@code f} on its first call only. If {@code f} threw, every
     * call rethrows the same exception.
     * <pre>{@code
     * Runnable init = Once.onceFunc(() -> System.out.println("init"));
     * init.run();
     * init.run();   // prints nothing
     * }</pre>
     *
     * @param f the function to run once
     * @return the Runnable that runs {@code f} once
     */
    public static Runnable onceFunc(Runnable f) {
        Objects.requireNonNull(f, "f");
        Supplier<Object> s = onceValue(() -> {
            f.run();
            return Boolean.TRUE;
        });
        return s::get;
    }

    /**
     * Returns a Supplier that calls {@code f} on its first call only and returns its value on
     * every call. If {@code f} threw, every call rethrows the same exception.
     * <pre>{@code
     * Supplier<Integer> answer = Once.onceValue(() -> 6 * 7);
     * System.out.println(answer.get() + answer.get());   // 84, computed once
     * }</pre>
     *
     * @param <T> the value type
     * @param f   the function to call once
     * @return the Supplier that calls {@code f} once
     */
    public static <T> Supplier<T> onceValue(Supplier<? extends T> f) {
        Objects.requireNonNull(f, "f");
        return new OnceValue<>(f);
    }

    /** The Supplier of {@link #onceValue}: {@code f} is dropped after its call, as Go's TestOnceXGC requires. */
    private static final class OnceValue<T> implements Supplier<T> {
        private final Once once = new Once();
        private Supplier<? extends T> f;   // null once called, so f and what it captures can be collected
        private T value;                   // written before once's done flag, read after it
        private Throwable failure;         // likewise

        OnceValue(Supplier<? extends T> f) {
            this.f = f;
        }

        @Override
        public T get() {
            once.run(this::callOnce);
            if (failure != null) {
                throw Once.<RuntimeException>sneaky(failure);
            }
            return value;
        }

        private void callOnce() {
            try {
                value = f.get();
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                f = null;
            }
        }
    }

    /**
     * Returns a Supplier that calls {@code f} on its first call only and returns its pair of
     * values on every call (Go's {@code OnceValues}, whose second value is usually an error).
     * If {@code f} threw, every call rethrows the same exception.
     * <pre>{@code
     * Supplier<Once.Values<String, Integer>> config = Once.onceValues(() -> new Once.Values<>("port", 8080));
     * System.out.println(config.get().first() + "=" + config.get().second());   // port=8080
     * }</pre>
     *
     * @param <T> the type of the first value
     * @param <U> the type of the second value
     * @param f   the function to call once
     * @return the Supplier that calls {@code f} once
     */
    public static <T, U> Supplier<Values<T, U>> onceValues(Supplier<? extends Values<T, U>> f) {
        return onceValue(f);
    }

    /**
     * Values is the pair of results of a function wrapped by {@link #onceValues}.
     *
     * <pre>{@code
     * Once.Values<String, Integer> v = new Once.Values<>("port", 8080);
     * System.out.println(v.first() + " " + v.second());   // port 8080
     * }</pre>
     *
     * @param first  the first value
     * @param second the second value (in Go, usually the error)
     * @param <T>    the type of the first value
     * @param <U>    the type of the second value
     */
    public record Values<T, U>(T first, U second) {}

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
