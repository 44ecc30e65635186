package raceload;

import io.go4j.Chan;
import io.go4j.sync.Mutex;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Prints, for an instrumented class and for two of go4j's primitives (a Mutex, a channel), whether
 * the class got its shadow field (private, transient, synthetic), and whether that field holds
 * the object's shadow after an access (for go4j's: after a lock and unlock, a send and receive).
 */
public final class ShadowPlaces {
    int x;

    private ShadowPlaces() {}

    public static void main(String[] args) throws Exception {
        ShadowPlaces p = new ShadowPlaces();
        p.x = 1;
        Mutex mu = new Mutex();
        mu.lock();
        mu.unlock();
        Chan<Integer> ch = Chan.make(1);
        ch.send(1);
        ch.recv();
        Field impl = Chan.class.getDeclaredField("impl");   // the channel itself, behind its typed face
        impl.setAccessible(true);
        System.out.println(describe(p) + " " + describe(mu) + " " + describe(impl.get(ch)));
    }

    /** "hidden:set", or "none" if no class of {@code o}'s has the field. */
    private static String describe(Object o) throws IllegalAccessException {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            Field f;
            try {
                f = c.getDeclaredField("$go4jRaceShadow");
            } catch (NoSuchFieldException absent) {
                continue;
            }
            int m = f.getModifiers();
            boolean hidden = Modifier.isPrivate(m) && Modifier.isTransient(m) && f.isSynthetic();
            f.setAccessible(true);
            return hidden + ":" + (f.get(o) != null);
        }
        return "none";
    }
}
