package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.Recv;
import io.go4j.RecvChan;
import io.go4j.context.CancelCauseContext;
import io.go4j.context.CancelContext;
import io.go4j.context.Canceled;
import io.go4j.context.Context;
import io.go4j.context.DeadlineExceeded;
import io.go4j.reliability.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a context cancels all of its descendants, and no ancestor, before the cancel call
 * returns, through any mix of value, cancel, cause, deadline and without-cancel layers; each
 * cancelled context's Done channel is then closed (once, however many cancels race), its Err is
 * Canceled or DeadlineExceeded, its cause is the one recorded by the cancellation that reached
 * it, and values and deadlines read through the layers are those of the nearest layer that set
 * them.
 *
 * <p>Mirrors Go's {@code context/context_test.go}: {@code TestLayersCancel} and {@code
 * TestLayersTimeout} (a random chain of at least 30 layers of WithValue, WithCancel and
 * WithTimeout; after cancelling a random cancellable layer, or after a short timeout, the leaf
 * is done and all values are still found), {@code TestParentFinishesChild} and {@code
 * TestChildFinishesFirst} (the whole state of every context right after a cancel), {@code
 * TestWithCancelCanceledParent} (a child of a cancelled parent is born cancelled), {@code
 * TestSimultaneousCancels} (a 4-ary tree of about 100 contexts cancelled by as many goroutines
 * at once: every Done closes and every cancel returns) and {@code TestInterlockedCancels} (a
 * goroutine that waits for the parent's Done cancels the child while the parent's cancellation
 * is still under way). The chains here also include WithCancelCause (Go 1.20) and
 * WithoutCancel (Go 1.21) layers, and every layer of the chain is checked, not only the leaf.
 */
@GoLeakCheck
class ContextCancellationTreeTest {

    private static final int CHAINS = Mode.pick(300, 10_000);

    /** The kinds of layer a chain is built from. */
    enum Kind { VALUE, CANCEL, CANCEL_CAUSE, DEADLINE, WITHOUT_CANCEL }

    /** One layer of a chain: the context it made, and what it set. */
    private record Layer(Kind kind, Context ctx, CancelContext cancel, Object key, Instant deadline) {}

    @Test
    @DisplayName("random chains of 30+ layers: a cancel reaches exactly the layers below it, before it returns")
    void cancelReachesExactlyItsDescendantsBeforeReturning() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        Instant base = Instant.now().plus(Duration.ofDays(1)); // deadlines that never pass during the test
        for (int chain = 0; chain < CHAINS; chain++) {
            String where = "seed " + seed + ", chain " + chain;
            List<Layer> layers = build(rnd, base);
            for (Layer l : layers) {
                assertNull(l.ctx.err(), where + ": nothing is cancelled yet");
            }
            List<Integer> cancellable = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i).cancel != null) {
                    cancellable.add(i);
                }
            }
            int c = cancellable.get(rnd.nextInt(cancellable.size()));
            Layer victim = layers.get(c);
            RuntimeException cause = new IllegalStateException("cause of " + where);
            if (victim.kind == Kind.CANCEL_CAUSE) {
                ((CancelCauseContext) victim.cancel).cancel(cause);
            } else {
                victim.cancel.cancel();
            }
            // no waiting: the cancel call has returned, so every descendant must already be done
            boolean reached = true;
            for (int i = 0; i < layers.size(); i++) {
                Layer l = layers.get(i);
                if (i > c && l.kind == Kind.WITHOUT_CANCEL) {
                    reached = false; // below this layer nothing is cancelled by what is above it
                }
                boolean cancelled = i >= c && reached;
                String what = where + ", layer " + i + " (" + l.kind + ") after cancelling layer " + c + " (" + victim.kind + ")";
                assertSame(cancelled ? Canceled.INSTANCE : null, l.ctx.err(), what + ": err");
                assertEquals(cancelled, isClosed(l.ctx.done()), what + ": done closed");
                RuntimeException expectedCause = !cancelled ? null
                        : victim.kind == Kind.CANCEL_CAUSE ? cause : Canceled.INSTANCE;
                assertSame(expectedCause, Context.cause(l.ctx), what + ": cause");
            }
            checkValuesAndDeadlines(layers, where);
            // a child made now of a cancelled layer is born cancelled (TestWithCancelCanceledParent)
            CancelContext late = Context.withCancel(victim.ctx);
            assertSame(Canceled.INSTANCE, late.err(), where + ": child of a cancelled context");
            // cancelling everything, in random order, closes each Done once: a second close would panic
            List<Layer> shuffled = new ArrayList<>(layers);
            Collections.shuffle(shuffled, rnd);
            for (Layer l : shuffled) {
                if (l.cancel != null) {
                    l.cancel.cancel();
                }
            }
            late.cancel();
        }
    }

    @Test
    @DisplayName("random chains with short deadlines: the leaf times out with DeadlineExceeded and keeps its values")
    void chainsWithShortDeadlinesTimeOut() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int chain = 0; chain < Mode.pick(20, 500); chain++) {
            String where = "seed " + seed + ", chain " + chain;
            // deadlines 1-20 ms away; no WithoutCancel layer, so every deadline reaches the leaf
            List<Layer> layers = build(rnd, null);
            Layer leaf = layers.get(layers.size() - 1);
            Recv<Void> r = Conformance.receive(leaf.ctx.done(), where + ": the leaf's deadline");
            assertEquals(false, r.ok(), where + ": done is closed, not sent on");
            assertSame(DeadlineExceeded.INSTANCE, leaf.ctx.err(), where);
            assertSame(DeadlineExceeded.INSTANCE, Context.cause(leaf.ctx), where);
            checkValuesAndDeadlines(layers, where);
            for (Layer l : layers) {
                if (l.cancel != null) {
                    l.cancel.cancel();
                }
            }
        }
    }

    /**
     * A chain of 30 to 40 random layers with at least one cancellable one. With {@code base}
     * null, deadlines are 1-20 ms away, there is at least one, and there are no WithoutCancel
     * layers; otherwise deadlines are at least {@code base}.
     */
    private static List<Layer> build(Random rnd, Instant base) {
        List<Layer> layers = new ArrayList<>();
        Context ctx = Context.background();
        int n = 30 + rnd.nextInt(11);
        boolean anyCancellable = false;
        boolean anyDeadline = false;
        for (int i = 0; i < n || !anyCancellable || (base == null && !anyDeadline); i++) {
            Kind kind = Kind.values()[rnd.nextInt(base == null ? 4 : 5)];
            Layer l = switch (kind) {
                case VALUE -> {
                    Object key = new Object();
                    yield new Layer(kind, Context.withValue(ctx, key, "value " + i), null, key, null);
                }
                case CANCEL -> {
                    CancelContext c = Context.withCancel(ctx);
                    yield new Layer(kind, c, c, null, null);
                }
                case CANCEL_CAUSE -> {
                    CancelCauseContext c = Context.withCancelCause(ctx);
                    yield new Layer(kind, c, c, null, null);
                }
                case DEADLINE -> {
                    Instant d = base == null
                            ? Instant.now().plusMillis(1 + rnd.nextInt(20))
                            : base.plusSeconds(rnd.nextInt(1_000_000));
                    CancelContext c = Context.withDeadline(ctx, d);
                    yield new Layer(kind, c, c, null, d);
                }
                case WITHOUT_CANCEL -> new Layer(kind, Context.withoutCancel(ctx), null, null, null);
            };
            anyCancellable |= l.cancel != null;
            anyDeadline |= kind == Kind.DEADLINE;
            layers.add(l);
            ctx = l.ctx;
        }
        return layers;
    }

    /**
     * Every value set anywhere in the chain is found from every layer below it (WithoutCancel
     * keeps values); each layer's deadline is the earliest set at or above it, up to the nearest
     * WithoutCancel (which has none).
     */
    private static void checkValuesAndDeadlines(List<Layer> layers, String where) {
        Optional<Instant> deadline = Optional.empty();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (l.kind == Kind.WITHOUT_CANCEL) {
                deadline = Optional.empty();
            } else if (l.kind == Kind.DEADLINE && (deadline.isEmpty() || l.deadline.isBefore(deadline.get()))) {
                deadline = Optional.of(l.deadline);
            }
            assertEquals(deadline, l.ctx.deadline(), where + ", layer " + i + " (" + l.kind + "): deadline");
            for (int j = 0; j <= i; j++) {
                Layer above = layers.get(j);
                if (above.kind == Kind.VALUE) {
                    assertEquals("value " + j, l.ctx.value(above.key), where + ", layer " + i + ": value of layer " + j);
                }
            }
        }
    }

    private static boolean isClosed(RecvChan<Void> done) {
        Recv<Void> r = done.tryRecv();
        if (r != null && r.ok()) {
            fail("a Done channel delivered a value; it must only ever be closed");
        }
        return r != null;
    }

    // ---------------------------------------------------------------------------------------------
    // Concurrent cancellation

    @Test
    @DisplayName("a tree of 100+ contexts cancelled by as many goroutines at once: all done, every cancel returns, causes from the right line")
    void simultaneousCancels() {
        for (int round = 0; round < Mode.pick(50, 1_000); round++) {
            CancelCauseContext root = Context.withCancelCause(Context.background());
            List<CancelCauseContext> all = new ArrayList<>(List.of(root));
            List<Integer> parentOf = new ArrayList<>(List.of(-1));
            for (int q = 0; all.size() < 100; q++) {
                for (int k = 0; k < 4; k++) {
                    all.add(Context.withCancelCause(all.get(q)));
                    parentOf.add(q);
                }
            }
            List<RuntimeException> causes = new ArrayList<>();
            try (Goroutines g = new Goroutines("simultaneous cancels, round " + round)) {
                for (int i = 0; i < all.size(); i++) {
                    RuntimeException cause = new IllegalStateException("cause " + i);
                    causes.add(cause);
                    CancelCauseContext ctx = all.get(i);
                    g.go("cancel " + i, () -> ctx.cancel(cause));
                }
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < all.size(); i++) {
                    order.add(i);
                }
                Collections.shuffle(order);
                for (int i : order) {
                    Conformance.receive(all.get(i).done(), "round " + round + ": context " + i + " done");
                }
                g.awaitAll(); // every cancel returned, none panicked ("close of closed channel")
            }
            for (int i = 0; i < all.size(); i++) {
                assertSame(Canceled.INSTANCE, all.get(i).err());
                // the cause is the one of whichever cancellation reached i first: its own or an ancestor's
                Set<RuntimeException> line = new HashSet<>();
                for (int a = i; a >= 0; a = parentOf.get(a)) {
                    line.add(causes.get(a));
                }
                RuntimeException cause = Context.cause(all.get(i));
                assertTrue(line.contains(cause), "round " + round + ": context " + i + " has cause " + cause
                        + ", which is neither its own nor an ancestor's");
            }
        }
    }

    @Test
    @DisplayName("a goroutine woken by the parent's cancellation cancels the child meanwhile: the child ends up done")
    void interlockedCancels() {
        for (int round = 0; round < Mode.pick(500, 10_000); round++) {
            CancelContext parent = Context.withCancel(Context.background());
            CancelContext child = Context.withCancel(parent);
            try (Goroutines g = new Goroutines("interlocked cancels")) {
                g.go("watcher", () -> {
                    parent.done().recv();
                    child.cancel();
                });
                parent.cancel();
                Conformance.receive(child.done(), "round " + round + ": child done");
                g.awaitAll();
            }
            assertSame(Canceled.INSTANCE, child.err());
        }
    }
}
