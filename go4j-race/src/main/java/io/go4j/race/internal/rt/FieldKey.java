package io.go4j.race.internal.rt;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.concurrent.ConcurrentHashMap;

/**
 * FieldKey identifies one declared field, whatever class name an access names it through
 * ({@code Sub.x} and {@code Base.x} are one field when {@code Sub} inherits {@code x}), and holds
 * what is per field rather than per object: whether it is volatile, and a static field's shadow.
 *
 * <p>Invariants: one FieldKey per (declaring class, name), so keys compare by identity. A static
 * field's {@link #staticClocks} and {@link #staticAts} are guarded by this key's RtLock.
 */
final class FieldKey extends RtLock {
    private static final ClassValue<ConcurrentHashMap<String, FieldKey>> KEYS = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, FieldKey> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    final String display;        // "pkg.Class.field", what a report prints for Go's address
    final boolean isVolatile;
    final boolean isFinal;       // final fields are frozen at construction: never checked
    final int[] staticClocks = new int[VarState.WORDS];     // a static field's shadow (VarState's layout)
    final Object[] staticAts = new Object[VarState.WORDS];
    final SyncVar staticSync = new SyncVar();     // a static volatile field's clock

    private FieldKey(String display, boolean isVolatile, boolean isFinal) {
        this.display = display;
        this.isVolatile = isVolatile;
        this.isFinal = isFinal;
    }

    /**
     * Returns whether word {@code i} of this static field's shadow (its write, or its read at 1)
     * was last accessed by {@code t} in its current epoch (no lock needed: read under a stamp).
     */
    boolean staticSameEpoch(ThreadState t, int i) {
        int stamp = stamp();
        return VarState.sameEpoch(t, staticClocks[i], staticAts[i]) && validate(stamp);
    }

    /** Returns the key of {@code f}. */
    static FieldKey of(Field f) {
        return KEYS.get(f.getDeclaringClass()).computeIfAbsent(f.getName(),
                n -> new FieldKey(f.getDeclaringClass().getName() + "." + n,
                        Modifier.isVolatile(f.getModifiers()), Modifier.isFinal(f.getModifiers())));
    }

    /** Returns a key for a field that could not be found by reflection (treated as plain). */
    static FieldKey unresolved(Class<?> owner, String name) {
        return KEYS.get(owner).computeIfAbsent(name, n -> new FieldKey(owner.getName() + "." + n, false, false));
    }

    /**
     * Resolves field {@code name} as the JVM does from class {@code c}: declared in {@code c},
     * else in its superinterfaces, else in its superclass; null if none.
     */
    static Field resolve(Class<?> c, String name) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.getName().equals(name)) {
                    return f;
                }
            }
            Field inItf = inInterfaces(k, name);
            if (inItf != null) {
                return inItf;
            }
        }
        return null;
    }

    private static Field inInterfaces(Class<?> c, String name) {
        for (Class<?> i : c.getInterfaces()) {
            for (Field f : i.getDeclaredFields()) {
                if (f.getName().equals(name)) {
                    return f;
                }
            }
            Field deeper = inInterfaces(i, name);
            if (deeper != null) {
                return deeper;
            }
        }
        return null;
    }
}
