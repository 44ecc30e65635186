package io.go4j.reliability;

/**
 * Mode says how hard the reliability tests push: the short mode (the default, and what CI runs)
 * keeps the whole module to a few minutes; {@code ./mvnw -Psoak verify} sets
 * {@code -Dgo4j.soak=true} for the long one. Sizes are chosen with {@link #pick}.
 */
public final class Mode {
    /** True under {@code -Psoak}: long soak runs, more Lincheck iterations, jcstress's default mode. */
    public static final boolean SOAK = Boolean.getBoolean("go4j.soak");

    /** True when CI=true (see the root pom): the short mode, on a shared machine. */
    public static final boolean CI = Boolean.getBoolean("go4j.ci");

    private Mode() {}

    /** The short-mode value, or the soak value under {@code -Psoak}. */
    public static int pick(int shortMode, int soak) {
        return SOAK ? soak : shortMode;
    }

    /** The short-mode value, or the soak value under {@code -Psoak}. */
    public static long pick(long shortMode, long soak) {
        return SOAK ? soak : shortMode;
    }
}
