package raceload;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Prints whether an instrumented class got its shadow field (private, transient, synthetic),
 * and whether that field holds the object's shadow after an access.
 */
public final class ShadowPlaces {
    int x;

    private ShadowPlaces() {}

    public static void main(String[] args) throws Exception {
        ShadowPlaces p = new ShadowPlaces();
        p.x = 1;
        Field f = ShadowPlaces.class.getDeclaredField("$go4jRaceShadow");
        int m = f.getModifiers();
        boolean hidden = Modifier.isPrivate(m) && Modifier.isTransient(m) && f.isSynthetic();
        f.setAccessible(true);
        System.out.println(hidden + " " + (f.get(p) != null));
    }
}
