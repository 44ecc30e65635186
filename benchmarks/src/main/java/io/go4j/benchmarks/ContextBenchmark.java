package io.go4j.benchmarks;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.Select;
import io.go4j.context.CancelContext;
import io.go4j.context.Context;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Context measures cancelling a tree of 100,000 contexts, each watched by a goroutine blocked
 * in a select on its {@code done()} channel and on a channel that never sends. The tree is a
 * root, 100 children, and 999 grandchildren under each of them but the last (998 there).
 * Score: <b>ns per context</b>.
 *
 * <p>{@code cancel}: the tree and its watchers are built before each invocation (not measured);
 * measured is {@code root.cancel()} until every watcher has returned from its select.
 * {@code createWatchCancel}: building the tree and starting the watchers is measured too.
 * Go twins (context_test.go): {@code BenchmarkContextCancelTree},
 * {@code BenchmarkContextCreateWatchCancel}.
 */
@State(Scope.Benchmark)
public class ContextBenchmark extends ActorBenchmark {

    static final int CONTEXTS = 100_000;
    static final int FANOUT = 100;

    private static final Chan<Object> NEVER = Chan.make();

    /**
     * A tree built before each invocation of {@link #cancel}, and only for it (a per-invocation
     * setup on the benchmark's own state would also run, unmeasured and never cancelled, before
     * each {@link #createWatchCancel}). The teardown cancels a tree an invocation left behind.
     */
    @State(Scope.Thread)
    public static class BuiltTree {
        CancelContext root;
        CountDownLatch finished;

        @Setup(Level.Invocation)
        public void build() throws InterruptedException {
            root = Context.withCancel(Context.background());
            finished = ContextBenchmark.build(root);
        }

        @TearDown(Level.Invocation)
        public void cancelLeftovers() {
            root.cancel();
        }
    }

    @Benchmark
    @OperationsPerInvocation(CONTEXTS)
    public void cancel(BuiltTree tree) throws InterruptedException {
        tree.root.cancel();
        await(tree.finished);
    }

    @Benchmark
    @OperationsPerInvocation(CONTEXTS)
    public void createWatchCancel() throws InterruptedException {
        CancelContext r = Context.withCancel(Context.background());
        CountDownLatch done = build(r);
        r.cancel();
        await(done);
    }

    /** Builds the tree under {@code r} (r included), each context watched by a goroutine. */
    @SuppressWarnings("LostCancel")   // deliberate: the tree is cancelled through its root, whose cancel
                                      // (reaching every context) is what the benchmarks measure
    static CountDownLatch build(CancelContext r) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(CONTEXTS);
        CountDownLatch done = new CountDownLatch(CONTEXTS);
        watch(r, started, done);
        int made = 1;
        for (int i = 0; i < FANOUT; i++) {
            CancelContext mid = Context.withCancel(r);
            watch(mid, started, done);
            made++;
            int leaves = Math.min((CONTEXTS - 1 - FANOUT) / FANOUT + 1, CONTEXTS - made - (FANOUT - 1 - i));
            for (int j = 0; j < leaves; j++) {
                watch(Context.withCancel(mid), started, done);
                made++;
            }
        }
        if (made != CONTEXTS) {
            throw new AssertionError("built " + made + " contexts");
        }
        await(started);
        return done;
    }

    private static void watch(Context ctx, CountDownLatch started, CountDownLatch done) {
        Go.go(() -> {
            started.countDown();
            Select.select(
                    Select.onRecv(NEVER, v -> { }),
                    Select.onRecv(ctx.done(), v -> done.countDown()));
        });
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(Actors.TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("context tree: watchers did not finish within " + Actors.TIMEOUT);
        }
    }
}
