package io.go4j.reliability.soak;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Topology is one random arrangement of goroutines and channels for a soak round, generated
 * entirely from a seed: the same seed always gives the same channels (and capacities), the same
 * workers (what they send and receive, how, how much) and the same fault plan.
 *
 * <p>Workers are senders (no inputs), receivers (no outputs) and relays (receive, then forward
 * a message of their own). The shape is chosen so that the only way a round can hang is a bug:
 * <ul>
 *   <li>every channel has at least one sender and one receiver;</li>
 *   <li>relays only forward from lower-numbered to higher-numbered channels, so the channels
 *       form a DAG and closes flow downstream: a channel is closed when its last sender ends
 *       (Go's rule, the sender closes), and a relay ends when all its inputs are closed and
 *       drained;</li>
 *   <li>a worker blocked on several channels waits on all of them at once (one select); only a
 *       worker with a single open channel uses a plain blocking send or receive. So two
 *       blocked workers can never be waiting on each other: they would share a channel on
 *       opposite ends, and the channel would pair them.</li>
 * </ul>
 */
record Topology(long seed, int[] capacities, List<WorkerSpec> workers, int groups, FaultPlan faults) {

    /** Capacities drawn for channels: unbuffered most often, then tiny, small and large buffers. */
    private static final int[] CAPACITIES = {0, 0, 0, 1, 1, 2, 3, 8, 16, 64, 1024};

    /** How a worker sends or receives when it has a single open channel on that side. */
    enum Style {
        /** Blocking send / recvOk. */
        PLAIN,
        /** trySend / tryRecv first, then the blocking form. */
        TRY,
        /** Receives with {@code for (Msg m : ch)} (sends as PLAIN). */
        RANGE,
        /** Always a select, with a context case, a timeout or a default. */
        SELECT
    }

    /**
     * One worker: {@code senderIndex} is its row in the committed counts (-1 for a pure
     * receiver); {@code quota} is how many messages a pure sender sends; {@code group} is the
     * context group its contexts derive from; {@code deadlines} says whether it sometimes uses
     * {@code withTimeout} contexts; {@code seed} drives its own random choices.
     */
    record WorkerSpec(int index, int senderIndex, int[] inputs, int[] outputs, int quota, Style style,
                      int group, boolean deadlines, long seed) {

        String kind() {
            return inputs.length == 0 ? "sender" : outputs.length == 0 ? "receiver" : "relay";
        }

        @Override
        public String toString() {
            return "w" + index + " " + kind() + (senderIndex >= 0 ? " s" + senderIndex : "")
                    + " in" + Arrays.toString(inputs) + " out" + Arrays.toString(outputs)
                    + (inputs.length == 0 ? " quota " + quota : "") + " " + style + " g" + group
                    + (deadlines ? " deadlines" : "");
        }
    }

    /** Upper bounds of a topology's dimensions. */
    record Size(int maxChans, int maxSenders, int maxReceivers, int maxRelays, int minQuota, int quotaSpread) {
        /** Short mode (CI): rounds of a fraction of a second to a few seconds. */
        static final Size SHORT = new Size(6, 6, 5, 3, 200, 3_000);
        /** Soak mode: wider topologies and longer rounds. */
        static final Size SOAK = new Size(12, 12, 10, 6, 1_000, 20_000);
    }

    /** Generates the topology for {@code seed}. */
    static Topology generate(long seed, Size size) {
        SplittableRandom r = new SplittableRandom(seed);
        int nChans = 1 + r.nextInt(size.maxChans);
        int[] caps = new int[nChans];
        for (int c = 0; c < nChans; c++) {
            caps[c] = CAPACITIES[r.nextInt(CAPACITIES.length)];
        }
        int nSenders = 1 + r.nextInt(size.maxSenders);
        int nReceivers = 1 + r.nextInt(size.maxReceivers);
        int nRelays = nChans >= 2 ? r.nextInt(size.maxRelays + 1) : 0;

        List<TreeSet<Integer>> senderOuts = new ArrayList<>();
        for (int i = 0; i < nSenders; i++) {
            senderOuts.add(subset(r, 0, nChans));
        }
        List<TreeSet<Integer>> relayIns = new ArrayList<>();
        List<TreeSet<Integer>> relayOuts = new ArrayList<>();
        for (int i = 0; i < nRelays; i++) {
            int split = 1 + r.nextInt(nChans - 1);    // inputs below split, outputs from split up
            relayIns.add(subset(r, 0, split));
            relayOuts.add(subset(r, split, nChans));
        }
        List<TreeSet<Integer>> receiverIns = new ArrayList<>();
        for (int i = 0; i < nReceivers; i++) {
            receiverIns.add(subset(r, 0, nChans));
        }
        // Every channel needs a sender and a receiver.
        for (int c = 0; c < nChans; c++) {
            int chan = c;
            if (senderOuts.stream().noneMatch(s -> s.contains(chan)) && relayOuts.stream().noneMatch(s -> s.contains(chan))) {
                senderOuts.get(r.nextInt(nSenders)).add(c);
            }
            if (receiverIns.stream().noneMatch(s -> s.contains(chan)) && relayIns.stream().noneMatch(s -> s.contains(chan))) {
                receiverIns.get(r.nextInt(nReceivers)).add(c);
            }
        }

        int groups = 1 + r.nextInt(3);
        List<WorkerSpec> workers = new ArrayList<>();
        int senderIndex = 0;
        for (TreeSet<Integer> outs : senderOuts) {
            workers.add(spec(r, workers.size(), senderIndex++, new int[0], ints(outs),
                    size.minQuota + r.nextInt(size.quotaSpread), groups));
        }
        for (int i = 0; i < nRelays; i++) {
            workers.add(spec(r, workers.size(), senderIndex++, ints(relayIns.get(i)), ints(relayOuts.get(i)), 0, groups));
        }
        for (TreeSet<Integer> ins : receiverIns) {
            workers.add(spec(r, workers.size(), -1, ints(ins), new int[0], 0, groups));
        }
        return new Topology(seed, caps, List.copyOf(workers), groups, FaultPlan.generate(r.nextLong(), nChans));
    }

    int senders() {
        return (int) workers.stream().filter(w -> w.senderIndex >= 0).count();
    }

    /** A description to print with a failing seed. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("seed ").append(seed).append(": ").append(capacities.length).append(" channels, capacities ")
                .append(Arrays.toString(capacities)).append(", ").append(groups).append(" context groups\n");
        for (WorkerSpec w : workers) {
            sb.append("  ").append(w).append('\n');
        }
        sb.append("  faults ").append(faults);
        return sb.toString();
    }

    private static WorkerSpec spec(SplittableRandom r, int index, int senderIndex, int[] ins, int[] outs,
                                   int quota, int groups) {
        Style style = Style.values()[r.nextInt(Style.values().length)];
        return new WorkerSpec(index, senderIndex, ins, outs, quota, style, r.nextInt(groups),
                r.nextInt(3) == 0, r.nextLong());
    }

    /** A random non-empty subset of [from, to), of at most three channels. */
    private static TreeSet<Integer> subset(SplittableRandom r, int from, int to) {
        int n = to - from;
        int k = 1 + r.nextInt(Math.min(3, n));
        TreeSet<Integer> s = new TreeSet<>();
        while (s.size() < k) {
            s.add(from + r.nextInt(n));
        }
        return s;
    }

    private static int[] ints(TreeSet<Integer> s) {
        return s.stream().mapToInt(Integer::intValue).toArray();
    }
}
