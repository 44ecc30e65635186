package io.go4j.debug.internal.dump;

import io.go4j.internal.chan.HChan;
import io.go4j.internal.runtime.Blockers;
import io.go4j.sync.Mutex;
import io.go4j.sync.RWMutex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * BlockerView is what a dump says about the object a goroutine waits on
 * ({@code Goroutine.waitBlocker()}): a channel's identity, length and capacity; a select's
 * channels; a lock and the goroutine holding it; anything else by its type, identity and text.
 *
 * <p>Read once per dump, so the text and JSON forms agree. Values are moments' readings (a
 * channel's length, a lock's holder may change while the dump is written). The JFR events'
 * blocker fields are these texts too. Reading one takes no lock but a channel's own short one
 * (for its length) and calls no go4j primitive, so a goroutine listener may read one.
 */
public sealed interface BlockerView {

    /**
     * Returns the one-line text a dump prints, e.g. {@code chan 17 (len 2, cap 4)}.
     *
     * @return the text
     */
    String text();

    /**
     * A channel.
     *
     * @param id  {@code HChan.id()}: unique, in creation order
     * @param len the buffered values when read
     * @param cap the capacity
     */
    record Chan(long id, int len, int cap) implements BlockerView {
        @Override
        public String text() {
            return "chan " + id + " (len " + len + ", cap " + cap + ")";
        }
    }

    /**
     * A select's channels, in case order; null for a nil channel's case.
     *
     * @param chans the channels
     */
    record Select(List<Chan> chans) implements BlockerView {
        @Override
        public String text() {
            StringBuilder b = new StringBuilder("select on ");
            for (int i = 0; i < chans.size(); i++) {
                Chan c = chans.get(i);
                b.append(i == 0 ? "" : ", ").append(c == null ? "nil chan" : c.text());
            }
            return b.toString();
        }
    }

    /**
     * A lock (Mutex, RWMutex).
     *
     * @param type     Go's type name, e.g. {@code sync.Mutex}
     * @param identity the object's identity hash, in hex (tells two locks apart in one dump)
     * @param holder   the id of the goroutine or thread holding it, or null if none is known
     */
    record Lock(String type, String identity, Long holder) implements BlockerView {
        @Override
        public String text() {
            return type + "@" + identity + (holder == null ? " (holder unknown)" : " held by goroutine " + holder);
        }
    }

    /**
     * Any other blocker (WaitGroup, Cond...).
     *
     * @param type        Go's type name for go4j's sync types, else the class name
     * @param identity    the object's identity hash, in hex
     * @param description the object's {@code toString()}
     */
    record Other(String type, String identity, String description) implements BlockerView {
        @Override
        public String text() {
            return type + "@" + identity + " (" + description + ")";
        }
    }

    /**
     * Reads what go4j knows about {@code blocker}.
     *
     * @param blocker a goroutine's wait blocker, or null
     * @return its view, or null for null (a sleep, or not waiting)
     */
    static BlockerView of(Object blocker) {
        return of(blocker, Blockers.holderOf(blocker));
    }

    /**
     * Reads what go4j knows about {@code blocker}, with a lock's holder read before (when the
     * wait began: by the time a JFR event is committed, the waiter holds the lock itself).
     *
     * @param blocker    a goroutine's wait blocker, or null
     * @param lockHolder the thread holding it if it is a lock, or null if none is known
     * @return its view, or null for null (a sleep, or not waiting)
     */
    static BlockerView of(Object blocker, Thread lockHolder) {
        return switch (blocker) {
            case null -> null;
            case HChan c -> chan(c);
            case HChan[] cases -> {
                List<Chan> chans = new ArrayList<>(cases.length);
                for (HChan c : cases) {
                    chans.add(c == null ? null : chan(c));
                }
                yield new Select(Collections.unmodifiableList(chans));
            }
            case Mutex m -> lock(m, lockHolder);
            case RWMutex m -> lock(m, lockHolder);
            default -> new Other(typeName(blocker), identity(blocker), String.valueOf(blocker));
        };
    }

    /**
     * Returns how a dump names a lock or another blocker: Go's type name for go4j's sync types
     * (else the class name), {@code @}, the identity hash in hex.
     *
     * @param o an object
     * @return e.g. {@code sync.Mutex@1b6d3586}
     */
    static String nameOf(Object o) {
        return typeName(o) + "@" + identity(o);
    }

    private static Chan chan(HChan c) {
        return new Chan(c.id(), c.length(), c.capacity());
    }

    private static Lock lock(Object lock, Thread holder) {
        return new Lock(typeName(lock), identity(lock), holder == null ? null : holder.threadId());
    }

    private static String typeName(Object o) {
        Class<?> c = o.getClass();
        return c.getPackageName().equals("io.go4j.sync") ? "sync." + c.getSimpleName() : c.getName();
    }

    private static String identity(Object o) {
        return Integer.toHexString(System.identityHashCode(o));
    }
}
