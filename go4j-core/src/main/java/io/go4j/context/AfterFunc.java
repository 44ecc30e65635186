package io.go4j.context;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.RecvChan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * An AfterFunc is one {@link Context#afterFunc} registration: a node in its context's child set
 * that starts {@code f} in a goroutine when the context is cancelled, unless stopped first.
 *
 * <p>Invariants: {@code state} leaves ARMED once, to FIRED (f started) or STOPPED (f never
 * will be); whoever makes that transition is the only one to act on it.
 */
final class AfterFunc extends Node implements StopFunc {
    /*
     * Implementation notes: unlike Go, which makes a whole cancelCtx for each registration, the
     * registration is a bare node with a one-word state: firing and stopping race by CAS, so
     * exactly one of "f runs" and "stop() returns true" happens. stop() then leaves the owner's
     * set so that a long-lived context does not accumulate stopped registrations.
     */

    private static final int ARMED = 0;
    private static final int FIRED = 1;
    private static final int STOPPED = 2;

    private final Runnable f;
    private volatile int state;    // ARMED, then FIRED or STOPPED, by CAS
    private Chan<Void> watch;      // only for a foreign context; written before the watcher starts

    private AfterFunc(Runnable f) {
        this.f = f;
    }

    static StopFunc register(Context ctx, Runnable f) {
        Objects.requireNonNull(ctx, "ctx");
        AfterFunc a = new AfterFunc(Objects.requireNonNull(f, "f"));
        Tree.attach(ctx, a);
        return a;
    }

    @Override
    public boolean stop() {
        if (!casState(ARMED, STOPPED)) {
            return false;
        }
        detach();
        closeWatch();
        return true;
    }

    @Override
    void cancelByParent(RuntimeException err, RuntimeException cause, ArrayDeque<Node> work) {
        if (casState(ARMED, FIRED)) {
            closeWatch();
            Go.go(f);
        }
    }

    @Override
    RecvChan<Void> watchDone() {
        watch = Chan.make();
        return watch;
    }

    private void closeWatch() {
        Chan<Void> w = watch;
        if (w != null) {
            w.close();
        }
    }

    @Override
    public String toString() {
        return "context.AfterFunc(" + f + ")";
    }

    // Atomic updates

    private boolean casState(int expected, int update) {
        return STATE.compareAndSet(this, expected, update);
    }

    // VarHandle mechanics
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(AfterFunc.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
