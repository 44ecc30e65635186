package io.go4j.reliability.soak;

import java.util.Arrays;

/**
 * ReceiveLog is one receiver's record of what it received, in the order it received it: for
 * each receive, the channel the value came out of and the message itself. It is written by its
 * receiver only and read by the checker after that receiver has ended.
 */
final class ReceiveLog {
    final String receiver;
    private int[] chans = new int[64];     // the channel each message was received from
    private Msg[] msgs = new Msg[64];
    private int size;

    ReceiveLog(String receiver) {
        this.receiver = receiver;
    }

    /** Records that {@code m} was received from channel {@code observedChan}. */
    void add(int observedChan, Msg m) {
        if (size == msgs.length) {
            chans = Arrays.copyOf(chans, size * 2);
            msgs = Arrays.copyOf(msgs, size * 2);
        }
        chans[size] = observedChan;
        msgs[size] = m;
        size++;
    }

    int size() {
        return size;
    }

    int chanAt(int i) {
        return chans[i];
    }

    Msg msgAt(int i) {
        return msgs[i];
    }

    /** For planting defects in checker tests: swaps entries i and j. */
    void swap(int i, int j) {
        int c = chans[i];
        chans[i] = chans[j];
        chans[j] = c;
        Msg m = msgs[i];
        msgs[i] = msgs[j];
        msgs[j] = m;
    }
}
