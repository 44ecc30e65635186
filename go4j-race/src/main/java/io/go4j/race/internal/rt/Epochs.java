package io.go4j.race.internal.rt;

/**
 * Epochs packs FastTrack's epoch {@code c@s} (clock {@code c} of slot {@code s}) in a long: the
 * clock in the high 32 bits, the slot in the low 32. Epoch 0 is "no access yet": every clock
 * starts at 1.
 */
final class Epochs {
    static final long NONE = 0;

    private Epochs() {}

    static long of(int clock, int slot) {
        return ((long) clock << 32) | (slot & 0xffffffffL);
    }

    static int clock(long epoch) {
        return (int) (epoch >>> 32);
    }

    static int slot(long epoch) {
        return (int) epoch;
    }
}
