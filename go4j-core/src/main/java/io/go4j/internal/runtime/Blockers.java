package io.go4j.internal.runtime;

import java.util.Objects;
import java.util.function.Function;

/**
 * Blockers tells a tool what go4j knows about the object a thread waits on
 * ({@link Goroutine#waitBlocker()}): for a lock, the thread that holds it. The primitives that
 * know (the {@code sync} package's Mutex and RWMutex) register an inspector for their class when
 * they load, so a dump or a deadlock detector can ask without the primitives exporting anything.
 */
public final class Blockers {
    private static final ClassValue<Inspector> INSPECTORS = new ClassValue<>() {
        @Override
        protected Inspector computeValue(Class<?> type) {
            return new Inspector();
        }
    };

    private Blockers() {}

    /**
     * Registers how to find the holder of a {@code type} blocker.
     *
     * @param type   the blocker's class
     * @param holder returns the thread holding the blocker, or null if none is known
     * @param <T>    the blocker's type
     */
    @SuppressWarnings("unchecked")
    public static <T> void registerHolder(Class<T> type, Function<? super T, Thread> holder) {
        INSPECTORS.get(type).holder = (Function<Object, Thread>) Objects.requireNonNull(holder, "holder");
    }

    /**
     * Returns the thread known to hold {@code blocker} (a locked Mutex's locker), or null if
     * none is known or the blocker is not a lock. A hint: it may be a moment out of date.
     *
     * @param blocker what a thread waits on, or null
     * @return the holder, or null
     */
    public static Thread holderOf(Object blocker) {
        if (blocker == null) {
            return null;
        }
        Function<Object, Thread> h = INSPECTORS.get(blocker.getClass()).holder;
        return h == null ? null : h.apply(blocker);
    }

    /** One class's inspector; the holder function is set once, when the class loads. */
    private static final class Inspector {
        volatile Function<Object, Thread> holder;   // written by registerHolder
    }
}
