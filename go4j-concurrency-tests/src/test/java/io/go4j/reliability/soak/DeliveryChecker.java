package io.go4j.reliability.soak;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * DeliveryChecker decides, from what the senders committed and what the receivers logged,
 * whether a channel topology delivered every message exactly once and in per-sender order.
 * It mirrors two guarantees of Go's channels: a value sent is received by exactly one receiver
 * (never lost, never duplicated, never delivered on another channel), and a channel is FIFO,
 * so the values one goroutine sends on a channel come out in the order it sent them.
 *
 * <p>Input: {@code committed[s][c]} is how many messages sender {@code s} sent on channel
 * {@code c} with a send that returned normally, so its messages there are numbered
 * {@code 0 .. committed[s][c]-1} (see {@link Msg}); and one {@link ReceiveLog} per receiver.
 * The checks:
 * <ul>
 *   <li>lost: a committed message no receiver logged;</li>
 *   <li>duplicated: a message logged more than once (by one receiver or several); counts the
 *       extra copies;</li>
 *   <li>phantom: a message logged whose number was never committed: a send reported as not
 *       made (interrupted, losing select case, panic on a closed channel) whose value was
 *       delivered anyway;</li>
 *   <li>misrouted: a message logged from another channel than the one it was sent on;</li>
 *   <li>reordered: a receiver logged a sender's messages on one channel out of order. Every
 *       receiver's subsequence must be increasing: the channel hands them out in order and a
 *       receiver's receives are sequential. (Receivers are not ordered with one another, so
 *       this is the strongest FIFO check that needs no global clock.)</li>
 * </ul>
 * The checker is a pure function, so tests can feed it deliberately corrupted logs.
 */
final class DeliveryChecker {

    /** How many violations a verdict quotes as examples. */
    private static final int EXAMPLES = 20;

    private DeliveryChecker() {}

    /**
     * Verdict is the checker's answer: totals and the number of violations of each kind, with
     * the first few violations spelled out.
     */
    record Verdict(long committed, long received, long lost, long duplicated, long phantom,
                   long misrouted, long reordered, List<String> examples) {

        /** True if no message was lost, duplicated, invented, misrouted or reordered. */
        boolean ok() {
            return lost == 0 && duplicated == 0 && phantom == 0 && misrouted == 0 && reordered == 0;
        }

        @Override
        public String toString() {
            return "committed=" + committed + " received=" + received + " lost=" + lost
                    + " duplicated=" + duplicated + " phantom=" + phantom + " misrouted=" + misrouted
                    + " reordered=" + reordered + (examples.isEmpty() ? "" : " e.g. " + examples);
        }
    }

    /** Checks the logs against the committed counts; see the class comment. */
    static Verdict check(int[][] committed, List<ReceiveLog> logs) {
        int senders = committed.length;
        int chans = senders == 0 ? 0 : committed[0].length;
        int[][][] seen = new int[senders][chans][];
        long total = 0;
        for (int s = 0; s < senders; s++) {
            for (int c = 0; c < chans; c++) {
                seen[s][c] = new int[committed[s][c]];
                total += committed[s][c];
            }
        }
        List<String> examples = new ArrayList<>();
        long received = 0;
        long phantom = 0;
        long misrouted = 0;
        long reordered = 0;
        for (ReceiveLog log : logs) {
            int[][] last = new int[senders][chans];
            for (int[] row : last) {
                Arrays.fill(row, -1);
            }
            for (int i = 0; i < log.size(); i++) {
                Msg m = log.msgAt(i);
                received++;
                if (m.sender() < 0 || m.sender() >= senders || m.chan() < 0 || m.chan() >= chans
                        || m.seq() < 0 || m.seq() >= committed[m.sender()][m.chan()]) {
                    phantom++;
                    note(examples, "phantom " + m + " at " + log.receiver + "[" + i + "]");
                    continue;
                }
                if (log.chanAt(i) != m.chan()) {
                    misrouted++;
                    note(examples, "misrouted " + m + " received from chan " + log.chanAt(i)
                            + " at " + log.receiver + "[" + i + "]");
                }
                seen[m.sender()][m.chan()][m.seq()]++;
                int previous = last[m.sender()][m.chan()];
                if (m.seq() < previous) {   // equal: a duplicate, counted below
                    reordered++;
                    note(examples, "reordered " + m + " after seq " + previous + " at " + log.receiver + "[" + i + "]");
                }
                last[m.sender()][m.chan()] = Math.max(previous, m.seq());
            }
        }
        long lost = 0;
        long duplicated = 0;
        for (int s = 0; s < senders; s++) {
            for (int c = 0; c < chans; c++) {
                int[] counts = seen[s][c];
                for (int q = 0; q < counts.length; q++) {
                    if (counts[q] == 0) {
                        lost++;
                        note(examples, "lost " + new Msg(s, c, q));
                    } else if (counts[q] > 1) {
                        duplicated += counts[q] - 1;
                        note(examples, "received " + counts[q] + " times " + new Msg(s, c, q));
                    }
                }
            }
        }
        return new Verdict(total, received, lost, duplicated, phantom, misrouted, reordered, List.copyOf(examples));
    }

    private static void note(List<String> examples, String what) {
        if (examples.size() < EXAMPLES) {
            examples.add(what);
        }
    }
}
