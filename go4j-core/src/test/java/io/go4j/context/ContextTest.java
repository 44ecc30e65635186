package io.go4j.context;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.Recv;
import io.go4j.RecvChan;
import io.go4j.Select;
import io.go4j.TestSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.go4j.TestSupport.LONG;
import static io.go4j.TestSupport.awaitCollected;
import static io.go4j.TestSupport.awaitCondition;
import static io.go4j.TestSupport.goRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The context package's rules, each test named after the Go behaviour it checks. */
@SuppressWarnings("LostCancel")   // deliberate: the tests build context trees that are cancelled through their
                                 // parents, or expire, or are discarded: which of these reaches a child is what they check
class ContextTest {

    private static final Duration HOUR = Duration.ofHours(1);

    /** Returns true if {@code ch} is closed, without blocking. */
    private static boolean isClosed(RecvChan<Void> ch) {
        Recv<Void> r = ch.tryRecv();
        return r != null && !r.ok();
    }

    /** Waits, in a goroutine, for {@code ctx.done()} to be closed; fails after {@link TestSupport#LONG}. */
    private static void awaitDone(Context ctx) {
        goRun("<-done() of " + ctx, () -> ctx.done().recv()).await();
    }

    @Nested
    @DisplayName("roots")
    class Roots {
        @Test
        @DisplayName("background is never cancelled: nil done channel, null err, no deadline, no values")
        void backgroundIsEmpty() {
            Context bg = Context.background();
            assertTrue(bg.done() instanceof Chan<?> c && c.isNil());
            assertNull(bg.done().tryRecv(), "the nil channel is never ready");
            assertNull(bg.err());
            assertEquals(Optional.empty(), bg.deadline());
            assertNull(bg.value("k"));
            assertNull(Context.cause(bg));
            assertEquals("context.Background", bg.toString());
        }

        @Test
        @DisplayName("todo behaves as background but is a distinct, named root")
        void todoIsEmpty() {
            Context todo = Context.todo();
            assertNotSame(Context.background(), todo);
            assertNull(todo.err());
            assertNull(todo.done().tryRecv());
            assertEquals("context.TODO", todo.toString());
        }

        @Test
        @DisplayName("a select on background's done never chooses it")
        void selectOnBackgroundDoneFallsToDefault() {
            String r = Select.select(
                    Select.recv(Context.background().done(), v -> "done"),
                    Select.defaultCase(() -> "default"));
            assertEquals("default", r);
        }
    }

    @Nested
    @DisplayName("cancellation")
    class Cancellation {
        @Test
        @DisplayName("cancel closes done and sets err to Canceled")
        void cancelClosesDoneAndSetsErr() throws Exception {
            CancelContext ctx = Context.withCancel(Context.background());
            RecvChan<Void> done = ctx.done();
            assertFalse(isClosed(done));
            assertNull(ctx.err());
            ctx.cancel();
            assertTrue(isClosed(done));
            assertSame(Canceled.INSTANCE, ctx.err());
            assertSame(done, ctx.done(), "done returns the same channel before and after cancel");
            awaitDone(ctx);
        }

        @Test
        @DisplayName("done asked for only after cancel is already closed")
        void doneAfterCancelIsClosed() {
            CancelContext ctx = Context.withCancel(Context.background());
            ctx.cancel();
            assertTrue(isClosed(ctx.done()));
        }

        @Test
        @DisplayName("a goroutine blocked on done() is woken by cancel")
        void cancelWakesAWaiter() throws Exception {
            CancelContext ctx = Context.withCancel(Context.background());
            CompletableFuture<RuntimeException> seen = new CompletableFuture<>();
            Go.go(() -> {
                ctx.done().recv();
                seen.complete(ctx.err());
            });
            ctx.cancel();
            assertSame(Canceled.INSTANCE, seen.get(LONG.toMillis(), TimeUnit.MILLISECONDS));
        }

        @Test
        @DisplayName("cancel functions are idempotent: the first cancellation's err and cause stay")
        void cancelIsIdempotent() {
            CancelCauseContext ctx = Context.withCancelCause(Context.background());
            IllegalStateException first = new IllegalStateException("first");
            ctx.cancel(first);
            ctx.cancel(new IllegalStateException("second"));
            ctx.cancel();
            ctx.close();
            assertSame(Canceled.INSTANCE, ctx.err());
            assertSame(first, Context.cause(ctx));
        }

        @Test
        @DisplayName("try-with-resources cancels the context (Go's defer cancel())")
        void closeCancels() {
            CancelContext escaped;
            try (CancelContext ctx = Context.withCancel(Context.background())) {
                escaped = ctx;
                assertNull(ctx.err());
            }
            assertSame(Canceled.INSTANCE, escaped.err());
        }

        @Test
        @DisplayName("cancellation propagates to every descendant of a deep chain (100,000 levels)")
        void cancelPropagatesThroughADeepChain() throws Exception {
            CancelContext root = Context.withCancel(Context.background());
            Context leaf = root;
            List<Context> chain = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                leaf = (i % 3 == 0) ? Context.withValue(leaf, "k" + (i % 7), i) : Context.withCancel(leaf);
                chain.add(leaf);
            }
            assertEquals(99_996, leaf.value("k" + (99_996 % 7)), "value lookup through the chain does not recurse");
            RecvChan<Void> leafDone = leaf.done();
            root.cancel();
            assertTrue(isClosed(leafDone));
            for (Context c : chain) {
                assertSame(Canceled.INSTANCE, c.err());
            }
        }

        @Test
        @DisplayName("cancellation propagates to every child of a wide tree, each watched by a goroutine")
        void cancelPropagatesThroughAWideTree() throws Exception {
            CancelContext root = Context.withCancel(Context.background());
            int n = 10_000;
            CountDownLatch woken = new CountDownLatch(n);
            List<CancelContext> kids = new ArrayList<>();
            Chan<Integer> never = Chan.make();
            for (int i = 0; i < n; i++) {
                CancelContext kid = Context.withCancel(Context.withCancel(root));
                kids.add(kid);
                Go.go(() -> Select.select(
                        Select.onRecv(never, v -> { }),
                        Select.onRecv(kid.done(), v -> woken.countDown())));
            }
            assertEquals(n, ((CancelCtx) root).childCount());
            root.cancel();
            assertTrue(woken.await(LONG.toMillis(), TimeUnit.MILLISECONDS), "every watcher woke");
            for (CancelContext kid : kids) {
                assertSame(Canceled.INSTANCE, kid.err());
            }
        }

        @Test
        @DisplayName("cancelling a child does not cancel its parent, and removes it from the parent")
        void cancellingAChildDoesNotCancelTheParent() {
            CancelContext parent = Context.withCancel(Context.background());
            CancelContext child = Context.withCancel(parent);
            CancelContext sibling = Context.withCancel(parent);
            assertEquals(2, ((CancelCtx) parent).childCount());
            child.cancel();
            assertNull(parent.err());
            assertFalse(isClosed(parent.done()));
            assertNull(sibling.err());
            assertEquals(1, ((CancelCtx) parent).childCount());
        }

        @Test
        @DisplayName("a value context passes cancellation through to the cancellable ancestor")
        void childOfAValueIsRegisteredWithTheCancellableAncestor() {
            CancelContext parent = Context.withCancel(Context.background());
            CancelContext grandchild = Context.withCancel(Context.withValue(parent, "k", "v"));
            assertEquals(1, ((CancelCtx) parent).childCount());
            parent.cancel();
            assertSame(Canceled.INSTANCE, grandchild.err());
        }

        @Test
        @DisplayName("a cancelled parent releases its children: its child set empties")
        void cancelledParentReleasesChildren() {
            CancelContext parent = Context.withCancel(Context.background());
            for (int i = 0; i < 100; i++) {
                Context.withCancel(parent);
                Context.withTimeout(parent, HOUR);
                Context.afterFunc(parent, () -> { });
            }
            assertEquals(300, ((CancelCtx) parent).childCount());
            parent.cancel();
            assertEquals(0, ((CancelCtx) parent).childCount());
        }

        @Test
        @DisplayName("a cancelled child can be collected while its parent lives on")
        void cancelledChildIsCollectable() throws Exception {
            CancelContext parent = Context.withCancel(Context.background());
            WeakReference<Context> ref = cancelledChildOf(parent);
            awaitCollected("the child context", ref);
            assertEquals(0, ((CancelCtx) parent).childCount());
            assertNull(parent.err());
        }

        private WeakReference<Context> cancelledChildOf(Context parent) {
            CancelContext child = Context.withTimeout(Context.withValue(parent, "k", new byte[1024]), HOUR);
            child.done();   // make it allocate its channel
            child.cancel();
            return new WeakReference<>(child);
        }

        @Test
        @DisplayName("the children of a cancelled parent can be collected while the parent is still referenced")
        void childrenOfACancelledParentAreCollectable() throws Exception {
            CancelContext parent = Context.withCancel(Context.background());
            WeakReference<Context> ref = new WeakReference<>(Context.withCancel(parent));
            parent.cancel();
            awaitCollected("the child context", ref);
            assertSame(Canceled.INSTANCE, parent.err());
        }

        @Test
        @DisplayName("a child of an already-cancelled parent is cancelled at once")
        void childOfCancelledParentIsCancelledAtOnce() {
            CancelCauseContext parent = Context.withCancelCause(Context.background());
            IllegalStateException why = new IllegalStateException("why");
            parent.cancel(why);
            CancelContext child = Context.withCancel(parent);
            CancelContext timed = Context.withTimeout(parent, HOUR);
            assertSame(Canceled.INSTANCE, child.err());
            assertTrue(isClosed(child.done()));
            assertSame(Canceled.INSTANCE, timed.err());
            assertSame(why, Context.cause(child), "the parent's cause is inherited");
            assertEquals(0, ((CancelCtx) parent).childCount());
        }

        @Test
        @DisplayName("children created concurrently with the parent's cancellation are all cancelled")
        void concurrentCreationAndCancellation() throws Exception {
            for (int round = 0; round < 50; round++) {
                CancelContext parent = Context.withCancel(Context.background());
                int threads = 4;
                CyclicBarrier start = new CyclicBarrier(threads + 1);
                List<CompletableFuture<List<Context>>> made = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    CompletableFuture<List<Context>> f = new CompletableFuture<>();
                    made.add(f);
                    Go.go(() -> {
                        List<Context> mine = new ArrayList<>();
                        try {
                            start.await();
                            for (int i = 0; i < 200; i++) {
                                mine.add(Context.withCancel(parent));
                            }
                            f.complete(mine);
                        } catch (Exception e) {
                            f.completeExceptionally(e);
                        }
                    });
                }
                start.await();
                parent.cancel();
                for (CompletableFuture<List<Context>> f : made) {
                    for (Context c : f.get(LONG.toMillis(), TimeUnit.MILLISECONDS)) {
                        assertSame(Canceled.INSTANCE, c.err());
                        assertTrue(isClosed(c.done()));
                    }
                }
                assertEquals(0, ((CancelCtx) parent).childCount());
            }
        }

        @Test
        @DisplayName("a parent and its child cancelled at the same time both end cancelled, the child released")
        void simultaneousParentAndChildCancel() throws Exception {
            for (int round = 0; round < 500; round++) {
                CancelContext parent = Context.withCancel(Context.background());
                CancelContext child = Context.withCancel(parent);
                CancelContext grandchild = Context.withCancel(child);
                CountDownLatch go = new CountDownLatch(1);
                CompletableFuture<Void> a = new CompletableFuture<>();
                CompletableFuture<Void> b = new CompletableFuture<>();
                Go.go(() -> { await(go); parent.cancel(); a.complete(null); });
                Go.go(() -> { await(go); child.cancel(); b.complete(null); });
                go.countDown();
                a.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
                b.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
                assertSame(Canceled.INSTANCE, parent.err());
                assertSame(Canceled.INSTANCE, child.err());
                assertSame(Canceled.INSTANCE, grandchild.err());
                assertEquals(0, ((CancelCtx) parent).childCount());
                assertEquals(0, ((CancelCtx) child).childCount());
            }
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        @Test
        @DisplayName("deriving from go4j's own contexts starts no goroutine (Go's TestCustomContextGoroutines)")
        void ownContextsNeedNoWatcher() {
            int before = Go.numGoroutine();
            CancelContext root = Context.withCancel(Context.background());
            Context c = root;
            for (int i = 0; i < 1_000; i++) {
                c = Context.withTimeout(Context.withValue(Context.withCancel(c), "k", i), HOUR);
                Context.afterFunc(c, () -> { });
            }
            assertTrue(Go.numGoroutine() <= before, "no watcher goroutines: " + before + " -> " + Go.numGoroutine());
            root.cancel();
        }

        @Test
        @DisplayName("every kind of go4j context is a parent that needs no watcher goroutine")
        void everyOwnContextKindNeedsNoWatcher() {
            CancelContext cancel = Context.withCancel(Context.background());
            SignalContext signal = SignalContext.notifyContext(Context.background());
            try {
                List<Context> parents = List.of(Context.background(), Context.todo(), cancel,
                        Context.withCancelCause(cancel), Context.withTimeout(cancel, HOUR),
                        Context.withValue(cancel, "k", "v"), Context.withoutCancel(cancel), signal);
                for (Context parent : parents) {
                    int before = Go.numGoroutine();
                    CancelContext child = Context.withCancel(parent);
                    StopFunc after = Context.afterFunc(parent, () -> { });
                    assertTrue(Go.numGoroutine() <= before, "a watcher goroutine for " + parent);
                    after.stop();
                    child.cancel();
                }
            } finally {
                signal.cancel();
                cancel.cancel();
            }
        }

        @Test
        @DisplayName("a foreign parent is watched by one goroutine, which ends when the child is cancelled")
        void foreignParentWatcherEndsWithTheChild() throws Exception {
            // Counted by their creation site, not by Go.numGoroutine(): goroutines of earlier tests
            // may still be ending while this one runs.
            ForeignCtx foreign = new ForeignCtx();
            assertEquals(0, foreignWatchers());
            CancelContext child = Context.withCancel(foreign);
            assertEquals(1, foreignWatchers());
            child.cancel();
            awaitCondition("the watcher goroutine ends", () -> foreignWatchers() == 0);
            assertNull(foreign.err(), "the foreign parent is not cancelled by its child");
        }

        /** Live goroutines started by the context tree's foreign-parent watcher. */
        private static long foreignWatchers() {
            return Go.goroutines().stream()
                    .filter(g -> g.createdBy() != null && g.createdBy().getMethodName().startsWith("watchForeign"))
                    .count();
        }

        @Test
        @DisplayName("a foreign Context implementation's cancellation reaches a derived context")
        void foreignParentCancelsChild() throws Exception {
            ForeignCtx foreign = new ForeignCtx();
            CancelContext child = Context.withCancel(foreign);
            assertEquals("foreign value", child.value("fk"));
            foreign.cancel();
            awaitDone(child);
            assertSame(Canceled.INSTANCE, child.err());
        }

        @Test
        @DisplayName("select on ctx.done() together with a channel chooses whichever is ready")
        void selectOnDoneAndAChannel() throws Exception {
            Chan<String> results = Chan.make();
            try (CancelContext ctx = Context.withCancel(Context.background())) {
                Go.go(() -> results.send("result"));
                String first = Select.select(
                        Select.recv(results, v -> v),
                        Select.recv(ctx.done(), v -> "cancelled"));
                assertEquals("result", first);

                Go.go(ctx::cancel);
                String second = Select.select(
                        Select.recv(results, v -> v),
                        Select.recv(ctx.done(), v -> "cancelled: " + ctx.err().getMessage()));
                assertEquals("cancelled: context canceled", second);
            }
        }
    }

    @Nested
    @DisplayName("causes")
    class Causes {
        @Test
        @DisplayName("cause is null before cancellation, the given cause after, and err stays Canceled")
        void withCancelCauseRecordsTheCause() {
            CancelCauseContext ctx = Context.withCancelCause(Context.background());
            assertNull(Context.cause(ctx));
            IllegalArgumentException why = new IllegalArgumentException("bad input");
            ctx.cancel(why);
            assertSame(Canceled.INSTANCE, ctx.err());
            assertSame(why, Context.cause(ctx));
        }

        @Test
        @DisplayName("a null cause, or a plain cancel, records Canceled as the cause")
        void nullCauseIsCanceled() {
            CancelCauseContext a = Context.withCancelCause(Context.background());
            a.cancel(null);
            assertSame(Canceled.INSTANCE, Context.cause(a));
            CancelContext b = Context.withCancel(Context.background());
            b.cancel();
            assertSame(Canceled.INSTANCE, Context.cause(b));
        }

        @Test
        @DisplayName("a parent's cause propagates to its descendants, also through values")
        void causePropagates() {
            CancelCauseContext parent = Context.withCancelCause(Context.background());
            Context child = Context.withValue(Context.withCancel(Context.withValue(parent, "a", 1)), "b", 2);
            IllegalStateException why = new IllegalStateException("shutdown");
            parent.cancel(why);
            assertSame(why, Context.cause(child));
            assertSame(Canceled.INSTANCE, child.err());
        }

        @Test
        @DisplayName("a child cancelled first keeps its own cause")
        void childCauseWinsIfFirst() {
            CancelCauseContext parent = Context.withCancelCause(Context.background());
            CancelCauseContext child = Context.withCancelCause(parent);
            IllegalStateException mine = new IllegalStateException("mine");
            child.cancel(mine);
            parent.cancel(new IllegalStateException("parent's"));
            assertSame(mine, Context.cause(child));
        }

        @Test
        @DisplayName("a deadline's cause is reported by cause while err is DeadlineExceeded")
        void withTimeoutCauseRecordsTheCause() throws Exception {
            IllegalStateException slow = new IllegalStateException("backend too slow");
            CancelContext ctx = Context.withTimeoutCause(Context.background(), Duration.ofMillis(1), slow);
            awaitDone(ctx);
            assertSame(DeadlineExceeded.INSTANCE, ctx.err());
            assertSame(slow, Context.cause(ctx));
        }

        @Test
        @DisplayName("cancelling a deadline-cause context before the deadline records Canceled, not the cause")
        void cancelBeforeDeadlineIgnoresDeadlineCause() {
            CancelContext ctx = Context.withDeadlineCause(Context.background(), Instant.now().plus(HOUR),
                    new IllegalStateException("unused"));
            ctx.cancel();
            assertSame(Canceled.INSTANCE, ctx.err());
            assertSame(Canceled.INSTANCE, Context.cause(ctx));
        }
    }

    @Nested
    @DisplayName("values")
    class Values {
        record Key(String name) {}

        @Test
        @DisplayName("withValue lookup walks the chain; the nearest equal key shadows the farther")
        void valueLookupAndShadowing() {
            Key user = new Key("user");
            Key trace = new Key("trace");
            Context a = Context.withValue(Context.background(), user, "alice");
            Context b = Context.withValue(Context.withCancel(a), trace, "t-1");
            Context c = Context.withValue(b, new Key("user"), "bob");
            assertEquals("alice", a.value(user));
            assertEquals("alice", b.value(user));
            assertEquals("t-1", c.value(trace));
            assertEquals("bob", c.value(user), "an equal key shadows");
            assertEquals("alice", b.value(user), "the ancestor is unchanged");
            assertNull(c.value(new Key("missing")));
            assertNull(c.value(null));
        }

        @Test
        @DisplayName("a null value is stored and found, shadowing a farther value")
        void nullValueShadows() {
            Context a = Context.withValue(Context.background(), "k", "v");
            Context b = Context.withValue(a, "k", null);
            assertNull(b.value("k"));
        }

        @Test
        @DisplayName("withValue refuses a null key and a null parent")
        void nullKeyAndParentAreRejected() {
            assertThrows(NullPointerException.class, () -> Context.withValue(Context.background(), null, 1));
            assertThrows(NullPointerException.class, () -> Context.withValue(null, "k", 1));
            assertThrows(NullPointerException.class, () -> Context.withCancel(null));
        }

        @Test
        @DisplayName("a value context reports its ancestors' done, err and deadline")
        void valueContextDelegates() {
            Instant d = Instant.now().plus(HOUR);
            CancelContext parent = Context.withDeadline(Context.background(), d);
            Context v = Context.withValue(parent, "k", "v");
            assertEquals(Optional.of(d), v.deadline());
            assertSame(parent.done(), v.done());
            parent.cancel();
            assertSame(Canceled.INSTANCE, v.err());
        }
    }

    @Nested
    @DisplayName("withoutCancel")
    class WithoutCancel {
        @Test
        @DisplayName("withoutCancel keeps values but is never cancelled and has no deadline")
        void keepsValuesNeverCancels() {
            CancelContext parent = Context.withTimeout(Context.withValue(Context.background(), "k", "v"), HOUR);
            Context detached = Context.withoutCancel(parent);
            CancelContext child = Context.withCancel(detached);
            parent.cancel();
            assertEquals("v", detached.value("k"));
            assertNull(detached.err());
            assertEquals(Optional.empty(), detached.deadline());
            assertNull(detached.done().tryRecv(), "the nil channel is never ready");
            assertNull(Context.cause(detached));
            assertNull(child.err(), "a context derived from it is not reached by the parent's cancellation");
            assertEquals("v", child.value("k"));
            child.cancel();
            assertSame(Canceled.INSTANCE, child.err());
        }
    }

    @Nested
    @DisplayName("afterFunc")
    class AfterFuncs {
        @Test
        @DisplayName("afterFunc runs f once, in its own goroutine, after the context is done")
        void afterFuncRunsOnceAfterDone() throws Exception {
            CancelContext ctx = Context.withCancel(Context.background());
            AtomicInteger runs = new AtomicInteger();
            CompletableFuture<Thread> ranOn = new CompletableFuture<>();
            StopFunc stop = Context.afterFunc(ctx, () -> {
                runs.incrementAndGet();
                ranOn.complete(Thread.currentThread());
            });
            assertFalse(ranOn.isDone());
            ctx.cancel();
            ctx.cancel();
            Thread t = ranOn.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(t.isVirtual());
            assertNotSame(Thread.currentThread(), t);
            assertFalse(stop.stop(), "stop after f started returns false");
            t.join(LONG);
            assertEquals(1, runs.get());
        }

        @Test
        @DisplayName("stop before the context is done prevents f and returns true; a second stop returns false")
        void stopPreventsF() throws Exception {
            CancelContext ctx = Context.withCancel(Context.background());
            AtomicInteger runs = new AtomicInteger();
            StopFunc stop = Context.afterFunc(ctx, runs::incrementAndGet);
            assertEquals(1, ((CancelCtx) ctx).childCount());
            assertTrue(stop.stop());
            assertFalse(stop.stop());
            assertEquals(0, ((CancelCtx) ctx).childCount(), "stop leaves the context's child set");
            // Another registration shows when cancellation has been processed.
            CompletableFuture<Void> marker = new CompletableFuture<>();
            Context.afterFunc(ctx, () -> marker.complete(null));
            ctx.cancel();
            marker.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(0, runs.get());
        }

        @Test
        @DisplayName("afterFunc on a context already done starts f at once")
        void afterFuncOnDoneContextRunsAtOnce() throws Exception {
            CancelContext ctx = Context.withCancel(Context.background());
            ctx.cancel();
            CompletableFuture<Void> ran = new CompletableFuture<>();
            StopFunc stop = Context.afterFunc(ctx, () -> ran.complete(null));
            ran.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
            assertFalse(stop.stop());
        }

        @Test
        @DisplayName("afterFunc on a context that can never be cancelled never runs f; stop returns true")
        void afterFuncOnBackgroundNeverRuns() {
            StopFunc stop = Context.afterFunc(Context.background(), () -> { throw new AssertionError("ran"); });
            assertTrue(stop.stop());
        }

        @Test
        @DisplayName("stop and cancellation racing: exactly one of f running and stop returning true")
        void stopRacesCancel() throws Exception {
            for (int i = 0; i < 2_000; i++) {
                CancelContext ctx = Context.withCancel(Context.background());
                CompletableFuture<Void> ran = new CompletableFuture<>();
                StopFunc stop = Context.afterFunc(ctx, () -> ran.complete(null));
                Go.go(ctx::cancel);
                boolean stopped = stop.stop();
                if (!stopped) {
                    ran.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    awaitDone(ctx);
                    assertFalse(ran.isDone());
                }
            }
        }

        @Test
        @DisplayName("afterFunc on a foreign context runs f when it is done, and stop ends the watch")
        void afterFuncOnForeignContext() throws Exception {
            ForeignCtx foreign = new ForeignCtx();
            CompletableFuture<Void> ran = new CompletableFuture<>();
            Context.afterFunc(foreign, () -> ran.complete(null));
            StopFunc stopped = Context.afterFunc(foreign, () -> { throw new AssertionError("ran"); });
            assertTrue(stopped.stop());
            foreign.cancel();
            ran.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Nested
    @DisplayName("deadlines")
    class Deadlines {
        @Test
        @DisplayName("a passed deadline cancels with DeadlineExceeded, whose timeout() is true")
        void deadlineExpirySetsDeadlineExceeded() throws Exception {
            CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(5));
            assertTrue(ctx.deadline().isPresent());
            awaitDone(ctx);
            assertSame(DeadlineExceeded.INSTANCE, ctx.err());
            assertTrue(((DeadlineExceeded) ctx.err()).timeout());
            assertSame(DeadlineExceeded.INSTANCE, Context.cause(ctx));
        }

        @Test
        @DisplayName("a parent's passed deadline cancels its children with DeadlineExceeded")
        void parentDeadlinePropagates() throws Exception {
            CancelContext parent = Context.withTimeout(Context.background(), Duration.ofMillis(5));
            CancelContext child = Context.withCancel(parent);
            awaitDone(child);
            assertSame(DeadlineExceeded.INSTANCE, child.err());
            assertEquals(parent.deadline(), child.deadline(), "a child inherits its parent's deadline");
        }

        @Test
        @DisplayName("a deadline in the past cancels the context at once")
        void pastDeadlineCancelsAtOnce() {
            CancelContext ctx = Context.withDeadline(Context.background(), Instant.now().minusSeconds(1));
            assertSame(DeadlineExceeded.INSTANCE, ctx.err());
            assertTrue(isClosed(ctx.done()));
            CancelContext zero = Context.withTimeout(Context.background(), Duration.ZERO);
            assertSame(DeadlineExceeded.INSTANCE, zero.err());
        }

        @Test
        @DisplayName("a child's deadline never outlives its parent's: a later one reports the parent's")
        void childDeadlineNeverOutlivesParent() {
            Instant soon = Instant.now().plus(HOUR);
            CancelContext parent = Context.withDeadline(Context.background(), soon);
            CancelContext later = Context.withDeadline(parent, soon.plus(HOUR));
            assertEquals(Optional.of(soon), later.deadline());
            CancelContext timeout = Context.withTimeout(parent, Duration.ofDays(1));
            assertEquals(Optional.of(soon), timeout.deadline());
            Instant sooner = soon.minusSeconds(60);
            CancelContext earlier = Context.withDeadline(parent, sooner);
            assertEquals(Optional.of(sooner), earlier.deadline());
        }

        @Test
        @DisplayName("cancel before the deadline sets Canceled, and the deadline then changes nothing")
        void cancelBeforeDeadline() throws Exception {
            CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20));
            ctx.cancel();
            assertSame(Canceled.INSTANCE, ctx.err());
            CancelContext probe = Context.withTimeout(Context.background(), Duration.ofMillis(40));
            awaitDone(probe);   // past the first deadline
            assertSame(Canceled.INSTANCE, ctx.err());
        }

        @Test
        @DisplayName("huge timeouts saturate instead of overflowing")
        void hugeTimeout() {
            CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(Long.MAX_VALUE));
            assertEquals(Optional.of(Instant.MAX), ctx.deadline());
            assertNull(ctx.err());
            ctx.cancel();
        }

        @Test
        @DisplayName("a deadline is reached by a goroutine in select on done and a channel that never sends")
        void selectTimesOut() throws Exception {
            Chan<String> never = Chan.make();
            try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(5))) {
                String r = Select.select(
                        Select.recv(never, v -> v),
                        Select.recv(ctx.done(), v -> ctx.err().getMessage()));
                assertEquals("context deadline exceeded", r);
            }
        }
    }

    @Nested
    @DisplayName("errors")
    class Errors {
        @Test
        @DisplayName("Canceled and DeadlineExceeded are singletons with Go's messages and no stack trace")
        void errorValues() {
            assertEquals("context canceled", Canceled.INSTANCE.getMessage());
            assertEquals("context deadline exceeded", DeadlineExceeded.INSTANCE.getMessage());
            assertEquals(0, Canceled.INSTANCE.getStackTrace().length);
            assertEquals(0, DeadlineExceeded.INSTANCE.getStackTrace().length);
            assertTrue(DeadlineExceeded.INSTANCE.timeout());
            assertFalse((Object) DeadlineExceeded.INSTANCE instanceof Canceled);
        }

        @Test
        @DisplayName("throwing ctx.err() from a try-with-resources whose close throws leaves the shared value unchanged")
        void sharedErrorsTakeNoSuppressedExceptions() {
            CancelContext canceled = Context.withCancel(Context.background());
            canceled.cancel();
            CancelContext expired = Context.withDeadline(Context.background(), Instant.EPOCH);
            for (Context ctx : List.of(canceled, expired)) {
                for (int i = 0; i < 10_000; i++) {
                    RuntimeException thrown = assertThrows(RuntimeException.class, () -> {
                        try (AutoCloseable failing = () -> {
                            throw new IllegalStateException("close failed");
                        }) {
                            throw ctx.err();
                        }
                    });
                    assertSame(ctx.err(), thrown);
                }
                RuntimeException shared = ctx.err();
                assertEquals(0, shared.getSuppressed().length, shared + " kept suppressed exceptions");
                StringWriter printed = new StringWriter();
                shared.printStackTrace(new PrintWriter(printed));
                assertEquals(List.of(shared.toString()), printed.toString().lines().toList());
            }
        }

        @Test
        @DisplayName("the shared error values ignore a stack trace set on them")
        void sharedErrorsTakeNoStackTrace() {
            StackTraceElement[] trace = new Throwable().getStackTrace();
            for (RuntimeException shared : List.of(Canceled.INSTANCE, DeadlineExceeded.INSTANCE)) {
                shared.setStackTrace(trace);
                assertEquals(0, shared.getStackTrace().length, shared + " kept a stack trace");
            }
        }

        @Test
        @DisplayName("the shared error values refuse a cause")
        void errorValuesRefuseACause() {
            assertThrows(IllegalStateException.class, () -> Canceled.INSTANCE.initCause(new RuntimeException()));
            assertThrows(IllegalStateException.class,
                    () -> DeadlineExceeded.INSTANCE.initCause(new RuntimeException()));
            assertNull(Canceled.INSTANCE.getCause());
        }
    }

    /** A Context implemented outside the package: cancelled by closing its own channel. */
    static final class ForeignCtx implements Context {
        private final Chan<Void> done = Chan.make();
        private final AtomicReference<RuntimeException> err = new AtomicReference<>();

        void cancel() {
            if (err.compareAndSet(null, Canceled.INSTANCE)) {
                done.close();
            }
        }

        @Override public Optional<Instant> deadline() { return Optional.empty(); }
        @Override public RecvChan<Void> done() { return done; }
        @Override public RuntimeException err() { return err.get(); }
        @Override public Object value(Object key) { return "fk".equals(key) ? "foreign value" : null; }
    }
}
