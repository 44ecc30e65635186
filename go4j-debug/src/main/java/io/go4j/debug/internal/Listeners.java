package io.go4j.debug.internal;

import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.WaitReason;
import java.util.Arrays;

/**
 * Listeners shares the core's one goroutine listener and one contention listener among
 * go4j-debug's consumers (block profile, scheduling latency, JFR events, the tracer) and
 * go4j-test's: each adds its own, and the core sees a single dispatcher while at least one is
 * added, nothing otherwise, so that an idle go4j-debug costs the primitives nothing (the
 * switchboard's listeners are null).
 *
 * <p>Adding and removing are rare and copy the array; dispatching reads one volatile array.
 * A consumer that throws is skipped (the core ignores a throwing listener too), so one broken
 * consumer cannot hide events from the others.
 */
public final class Listeners {
    private static final Hooks.GoroutineListener[] NO_GOROUTINE_LISTENERS = {};
    private static final Hooks.ContentionListener[] NO_CONTENTION_LISTENERS = {};

    private static volatile Hooks.GoroutineListener[] goroutine = NO_GOROUTINE_LISTENERS;
    private static volatile Hooks.ContentionListener[] contention = NO_CONTENTION_LISTENERS;

    private Listeners() {}

    /**
     * Adds a goroutine listener (started, panicked, exited, blocked, unblocked, labels changed,
     * unparked).
     *
     * @param l the listener; adding one twice makes it hear every event twice
     */
    public static synchronized void add(Hooks.GoroutineListener l) {
        Hooks.GoroutineListener[] now = Arrays.copyOf(goroutine, goroutine.length + 1);
        now[now.length - 1] = l;
        goroutine = now;
        if (now.length == 1) {
            Hooks.setGoroutineListener(GOROUTINE_DISPATCH);
        }
    }

    /**
     * Removes one addition of {@code l}; nothing if it was not added.
     *
     * @param l the listener
     */
    public static synchronized void remove(Hooks.GoroutineListener l) {
        Hooks.GoroutineListener[] now = without(goroutine, l);
        goroutine = now;
        if (now.length == 0) {
            Hooks.setGoroutineListener(null);
        }
    }

    /**
     * Adds a contention listener (a waiter let into a Mutex or RWMutex, reported on the unlocker).
     *
     * @param l the listener
     */
    public static synchronized void addContention(Hooks.ContentionListener l) {
        Hooks.ContentionListener[] now = Arrays.copyOf(contention, contention.length + 1);
        now[now.length - 1] = l;
        contention = now;
        if (now.length == 1) {
            Hooks.setContentionListener(CONTENTION_DISPATCH);
        }
    }

    /**
     * Removes one addition of {@code l}; nothing if it was not added.
     *
     * @param l the listener
     */
    public static synchronized void removeContention(Hooks.ContentionListener l) {
        Hooks.ContentionListener[] now = without(contention, l);
        contention = now;
        if (now.length == 0) {
            Hooks.setContentionListener(null);
        }
    }

    private static <T> T[] without(T[] from, T l) {
        for (int i = 0; i < from.length; i++) {
            if (from[i] == l) {
                T[] now = Arrays.copyOf(from, from.length - 1);
                System.arraycopy(from, i + 1, now, i, from.length - 1 - i);
                return now;
            }
        }
        return from;
    }

    private static final Hooks.ContentionListener CONTENTION_DISPATCH = (kind, lock, waitNanos) -> {
        for (Hooks.ContentionListener l : contention) {
            try {
                l.contended(kind, lock, waitNanos);
            } catch (RuntimeException | Error ignored) {
                // one consumer's failure must not hide the event from the others (class comment)
            }
        }
    };

    private static final Hooks.GoroutineListener GOROUTINE_DISPATCH = new Hooks.GoroutineListener() {
        @Override
        public void started(Goroutine g) {
            for (Hooks.GoroutineListener l : goroutine) {
                try {
                    l.started(g);
                } catch (RuntimeException | Error ignored) {
                    // see the class comment
                }
            }
        }

        @Override
        public void exited(Goroutine g) {
            for (Hooks.GoroutineListener l : goroutine) {
                try {
                    l.exited(g);
                } catch (RuntimeException | Error ignored) {
                    // see the class comment
                }
            }
        }

        @Override
        public void panicked(Goroutine g, Throwable panic) {
            for (Hooks.GoroutineListener l : goroutine) {
                try {
                    l.panicked(g, panic);
                } catch (RuntimeException | Error ignored) {
                    // see the class comment
                }
            }
        }

        @Override
        public void blocked(Goroutine g, WaitReason reason, Object blocker) {
            for (Hooks.GoroutineListener l : goroutine) {
                try {
                    l.blocked(g, reason, blocker);
                } catch (RuntimeException | Error ignored) {
                    // see the class comment
                }
            }
        }

        @Override
        public void unblocked(Goroutine g, WaitReason reason, Object blocker, long waitNanos) {
            for (Hooks.GoroutineListener l : goroutine) {
                try {
                    l.unblocked(g, reason, blocker, waitNanos);
                } catch (RuntimeException | Error ignored) {
                    // see the class comment
                }
            }
        }

        @Override
        public void labelsChanged(Goroutine g) {
            for (Hooks.GoroutineListener l : goroutine) {
                try {
                    l.labelsChanged(g);
                } catch (RuntimeException | Error ignored) {
                    // see the class comment
                }
            }
        }

        @Override
        public void maxProcsChanged(int procs) {
            for (Hooks.GoroutineListener l : goroutine) {
                try {
                    l.maxProcsChanged(procs);
                } catch (RuntimeException | Error ignored) {
                    // see the class comment
                }
            }
        }

        @Override
        public void unparked(Thread woken) {
            for (Hooks.GoroutineListener l : goroutine) {
                try {
                    l.unparked(woken);
                } catch (RuntimeException | Error ignored) {
                    // see the class comment
                }
            }
        }
    };
}
