package io.go4j.internal.chan;

import io.go4j.internal.runtime.Bubble;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.Outcome;
import io.go4j.internal.runtime.WaitReason;
import io.go4j.internal.runtime.Waiter;

import java.util.concurrent.ThreadLocalRandom;

/**
 * SelectImpl runs Go's {@code select} over channel cases (Go's {@code selectgo}).
 *
 * <p>Invariants: exactly one case completes, or the default runs, or the select is interrupted
 * and none completes. A case whose channel is {@code null} (Go's nil channel) is never ready.
 * A losing case never consumes or delivers a value. A select never pairs with itself, even when
 * it sends and receives on one channel.
 */
public final class SelectImpl {
    /*
     * Implementation notes: the three passes of Go's selectgo.
     *
     * Pass 1 locks every distinct channel in id order (a global order, so two selects never
     * deadlock) and polls the cases in a uniformly random order: the first ready case in that
     * order is a uniform choice among the ready ones, and since every lock is held, readiness
     * is judged at one instant. Pass 2, if nothing was ready and there is no default, registers
     * a node per case, all sharing one Waiter, and releases the locks. Whoever completes the
     * Waiter first (a counterpart or a closer, by CAS on its state word) decides the case, and
     * the result is read from that case's node.
     * Pass 3 removes the other nodes, taking one channel lock at a time: no other lock is held
     * then, so the order does not matter. A counterpart that meets a stale node first drops it.
     */

    /** Outcome of a send case that found its channel closed (the caller panics). */
    public static final Object SEND_ON_CLOSED = new Object();

    private SelectImpl() {}

    /**
     * Runs a select. {@code chans[i]} is case i's channel (null: never ready); {@code elems[i]}
     * is the value case i sends, or null for a receive (a channel element is never null). On
     * return, {@code elems[chosen]} holds the chosen case's outcome: for a receive the value or
     * {@link HChan#CLOSED}; for a send null, or {@link #SEND_ON_CLOSED}.
     *
     * @param chans      the cases' channels
     * @param elems      the cases' values to send, null for receives; overwritten with outcomes
     * @param hasDefault whether the select has a default case
     * @return the index of the case that ran, {@link Outcome#WOULD_BLOCK} (the default case
     *         runs) or {@link Outcome#INTERRUPTED}
     */
    public static int select(HChan[] chans, Object[] elems, boolean hasDefault) {
        int n = chans.length;
        int[] order = pollOrder(chans);
        if (order.length == 0) {
            return hasDefault ? Outcome.WOULD_BLOCK : blockForever(n == 0);
        }
        HChan[] locks = lockOrder(chans, order);

        // pass 1 – with every lock held, take the first ready case in random order
        lockAll(locks);
        for (int i : order) {
            HChan c = chans[i];
            if (elems[i] != null) {
                int r = c.sendIfReadyAndUnlock(elems[i]);
                if (r != Outcome.WOULD_BLOCK) {
                    unlockAllBut(locks, c);
                    elems[i] = r == Outcome.CLOSED ? SEND_ON_CLOSED : null;
                    return i;
                }
            } else {
                Object v = c.recvIfReadyAndUnlock();
                if (v != HChan.WOULD_BLOCK) {
                    unlockAllBut(locks, c);
                    elems[i] = v;
                    return i;
                }
            }
        }
        if (hasDefault) {
            unlockAllBut(locks, null);
            return Outcome.WOULD_BLOCK;
        }

        // pass 2 – register on every channel, then park
        Waiter w = new Waiter();
        Node[] nodes = new Node[n];
        for (int i : order) {
            nodes[i] = new Node(w, i, elems[i]);
            chans[i].enqueue(nodes[i]);
        }
        unlockAllBut(locks, null);
        int chosen = locks[0].await(w, allBubbled(locks) ? WaitReason.SYNCTEST_SELECT : WaitReason.SELECT, chans);

        // pass 3 – unregister the losing cases
        for (int i : order) {
            if (i != chosen) {
                chans[i].dequeue(nodes[i]);
            }
        }
        if (chosen == Outcome.INTERRUPTED) {
            return Outcome.INTERRUPTED;
        }
        Node won = nodes[chosen];
        if (Hooks.SYNC_EVENTS) {
            won.awaitPublished();
        }
        if (won.isSend()) {
            elems[chosen] = won.closed ? SEND_ON_CLOSED : null;
        } else {
            elems[chosen] = won.closed ? HChan.CLOSED : won.item;
        }
        return chosen;
    }

    /** Blocks until interrupted: a select with no cases, or only nil channels, never proceeds. */
    private static int blockForever(boolean noCases) {
        blockForever(noCases ? WaitReason.SELECT_NO_CASES
                : Bubble.anyLive() && Bubble.current() != null ? WaitReason.SYNCTEST_SELECT : WaitReason.SELECT);
        return Outcome.INTERRUPTED;
    }

    /**
     * Returns whether every channel of a select belongs to a synctest bubble (the caller's: Select
     * checked that each one is), so that its wait is durable (Go 1.25). Costs one read per
     * channel, of a field in the channel's header, on the path that is about to park.
     */
    private static boolean allBubbled(HChan[] locks) {
        for (HChan c : locks) {
            if (c.bubble == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parks the caller until it is interrupted (the interrupt flag is then set).
     *
     * @param reason the wait reason to show (a nil channel's, or a select's)
     */
    public static void blockForever(WaitReason reason) {
        Waiter w = new Waiter();
        int result = w.park(reason, null);
        assert result == Outcome.INTERRUPTED : "nobody can complete a waiter registered nowhere";
    }

    /** Returns the indexes of the non-nil cases, uniformly shuffled (Fisher–Yates). */
    private static int[] pollOrder(HChan[] chans) {
        int live = 0;
        for (HChan c : chans) {
            if (c != null) {
                live++;
            }
        }
        int[] order = new int[live];
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0, k = 0; i < chans.length; i++) {
            if (chans[i] != null) {
                int j = rnd.nextInt(k + 1);
                order[k] = order[j];
                order[j] = i;
                k++;
            }
        }
        return order;
    }

    /** Returns the distinct channels of the cases, sorted by id (insertion sort: n is small). */
    private static HChan[] lockOrder(HChan[] chans, int[] order) {
        HChan[] locks = new HChan[order.length];
        int size = 0;
        outer:
        for (int i : order) {
            HChan c = chans[i];
            int pos = size;
            for (int k = 0; k < size; k++) {
                if (locks[k] == c) {
                    continue outer;
                }
            }
            while (pos > 0 && locks[pos - 1].id > c.id) {
                locks[pos] = locks[pos - 1];
                pos--;
            }
            locks[pos] = c;
            size++;
        }
        return size == locks.length ? locks : java.util.Arrays.copyOf(locks, size);
    }

    /** Locks in id order; only the first lock may be waited for by yielding (HChan, note 3). */
    private static void lockAll(HChan[] locks) {
        locks[0].lock();
        for (int k = 1; k < locks.length; k++) {
            locks[k].lockNested();
        }
    }

    /** Releases every lock but {@code released}, which the completed operation already freed. */
    private static void unlockAllBut(HChan[] locks, HChan released) {
        for (HChan c : locks) {
            if (c != released) {
                c.unlock();
            }
        }
    }
}
