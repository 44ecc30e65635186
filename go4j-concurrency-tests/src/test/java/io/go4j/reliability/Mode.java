package io.go4j.reliability;

/**
 * Mode says how hard the reliability tests push, and is the module's one short/long switch: the
 * short mode (the default, and what CI runs) keeps the whole module to a few minutes;
 * {@code ./mvnw -Psoak verify} sets {@code -Dgo4j.soak=true} for the long one. Every size, count
 * and time budget that differs between the two is chosen with {@link #pick}; {@link #SOAK} is
 * read directly only where the mode selects a behaviour or a label (jcstress's mode, a fresh
 * Lincheck seed, the replay command a failed soak prints).
 */
public final class Mode {
    /** True under {@code -Psoak}: long soak runs, more Lincheck iterations, jcstress's default mode. */
    public static final boolean SOAK = Boolean.getBoolean("go4j.soak");

    private Mode() {}

    /** The short-mode value, or the soak value under {@code -Psoak}. */
    public static int pick(int shortMode, int soak) {
        return SOAK ? soak : shortMode;
    }

    /** The short-mode value, or the soak value under {@code -Psoak}. */
    public static long pick(long shortMode, long soak) {
        return SOAK ? soak : shortMode;
    }

    /** The short-mode value, or the soak value under {@code -Psoak}. */
    public static double pick(double shortMode, double soak) {
        return SOAK ? soak : shortMode;
    }

    /** The short-mode value, or the soak value under {@code -Psoak}. */
    public static <T> T pick(T shortMode, T soak) {
        return SOAK ? soak : shortMode;
    }
}
