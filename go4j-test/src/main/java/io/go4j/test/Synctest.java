package io.go4j.test;

import io.go4j.GoInterruptedException;
import io.go4j.GoPanic;
import io.go4j.debug.internal.Snapshot;
import io.go4j.internal.runtime.Bubble;
import io.go4j.internal.runtime.Goexit;
import io.go4j.internal.runtime.Outcome;
import io.go4j.test.internal.GoroutineList;
import java.util.Objects;
import org.junit.jupiter.api.function.Executable;

/**
 * Synctest runs time-dependent code in virtual time, as Go 1.25's {@code testing/synctest}
 * does: {@link #test} runs a body in an isolated <em>bubble</em> whose clock moves only when
 * every goroutine in it is blocked, so a test of a ten-minute timeout runs in milliseconds, and
 * deterministically.
 *
 * <pre>{@code
 * Synctest.test(() -> {
 *     Instant start = Time.now();
 *     CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMinutes(10));
 *     Time.sleep(Duration.ofMinutes(10).minusNanos(1));
 *     Synctest.await();
 *     System.out.println("before the deadline: " + ctx.err());             // before the deadline: null
 *     Time.sleep(Duration.ofNanos(1));
 *     Synctest.await();
 *     System.out.println("at the deadline: " + ctx.err().getMessage());    // at the deadline: context deadline exceeded
 *     System.out.println("fake time passed: " + Duration.between(start, Time.now()));   // fake time passed: PT10M
 * });
 * }</pre>
 *
 * <h2>The bubble</h2>
 * {@code test(body)} runs {@code body} in a new goroutine; that goroutine and every goroutine it
 * starts, transitively, belong to the bubble, and so do afterFunc functions and context
 * expiries of timers made in it. Inside the bubble, go4j's time ({@code Time.now},
 * {@code sleep}, {@code after}, {@code tick}, {@code Timer}, {@code Ticker}, {@code afterFunc},
 * and the deadlines of {@code Context.withTimeout} and {@code withDeadline}) reads a fake clock
 * that starts at midnight UTC 2000-01-01. When every goroutine of the bubble is <em>durably
 * blocked</em>, the clock jumps at once to the next timer's deadline and that timer fires; it
 * never moves while a goroutine of the bubble can still run. {@code test} returns when every
 * goroutine of the bubble has exited (once the body has returned, the clock stops).
 *
 * <h2>Durably blocked</h2>
 * A goroutine of the bubble is durably blocked (Go 1.25's rules) when it waits in:
 * <ul>
 *   <li>a send, receive or select on channels created in the bubble (a select only if all its
 *       non-nil channels were), or on a nil channel, or a select with no cases;</li>
 *   <li>{@code Time.sleep}; {@code Cond.await}; {@code WaitGroup.await} of a WaitGroup whose
 *       first {@code add} inside a bubble was in this one; {@link #await()}.</li>
 * </ul>
 * It is <em>not</em> durably blocked, and the clock does not move, while it waits for a
 * {@code Mutex} or {@code RWMutex} (Go: they may be released from outside the bubble), on a
 * channel created outside the bubble, in I/O, in {@code Thread.sleep}, or on a JDK lock.
 *
 * <h2>Failures</h2>
 * <ul>
 *   <li>What the body throws, or the first panic of another goroutine of the bubble (Go would
 *       crash the program), is rethrown by {@code test} unchanged, checked exceptions included.</li>
 *   <li>A deadlock (every goroutine durably blocked, no timer to fire, no {@code await} to
 *       release) fails with an {@link AssertionError} whose message is Go's,
 *       {@code deadlock: all goroutines in bubble are blocked}, or, once the body has returned,
 *       {@code deadlock: main bubble goroutine has exited but blocked goroutines remain},
 *       followed by the bubble's goroutines in go4j's dump format. Those goroutines are then
 *       interrupted so that they end.</li>
 *   <li>go4j sees more than Go here: if, for {@value #STALL_SECONDS} seconds of real time,
 *       every goroutine of the bubble stays parked in go4j while some wait is not durable (a
 *       Mutex held by a sleeping goroutine, a channel from outside the bubble that nobody
 *       sends on), Go's test would hang until its timeout; {@code test} fails instead, with an
 *       {@link AssertionError} starting {@code synctest: bubble is stalled} and the dump.</li>
 * </ul>
 *
 * <h2>Misuse, with Go's panics</h2>
 * A channel created in a bubble used from outside it throws {@link GoPanic}
 * ({@code send on synctest channel from outside bubble}, {@code receive on ...},
 * {@code close of ...}, {@code select on ...}); so do {@code stop} and {@code reset} of a timer
 * or ticker of a bubble ({@code stop of synctest timer from outside bubble}); a WaitGroup used
 * from two bubbles, or from inside and outside one; {@code test} inside a bubble
 * ({@code synctest.Run called from within a synctest bubble}); {@link #await()} outside one
 * ({@code goroutine is not in a bubble}) or in two goroutines at once
 * ({@code wait already in progress}).
 *
 * <p>Not supported: real I/O and {@code Thread.sleep} inside a bubble (they do not block
 * durably, so the clock waits for them in real time), interrupting a bubble's goroutines from
 * outside it, and timers of go4j's shared clock (made outside) used inside. {@code Instant.now()}
 * and {@code System.nanoTime()} are the real clocks: use {@code Time.now()}.
 *
 * <p>Memory model: the actions of goroutines that durably block happen-before the return of an
 * {@link #await()} that sees them blocked, and the exit of every goroutine of the bubble
 * happens-before {@code test} returns.
 */
public final class Synctest {
    /*
     * Implementation notes: the mechanism is go4j-core's internal.runtime.Bubble (its notes
     * say how blocking is counted, and what the non-bubble paths cost); the calling thread is
     * the bubble's driver, and this class only turns what the driver reports into failures.
     */

    /** How long a bubble may stay parked with some waits not durable before test() fails. */
    public static final int STALL_SECONDS = 2;

    /** How long test() waits for the goroutines it interrupted after a failure, in real time. */
    private static final long EXIT_NANOS = 5_000_000_000L;

    private Synctest() {}

    /**
     * Runs {@code body} in a new goroutine in a new bubble and waits until every goroutine of the
     * bubble has exited (Go's {@code synctest.Test}). A {@link Runnable} {@code r} is passed as
     * {@code r::run}.
     *
     * @param body the test; it may throw anything, which {@code test} rethrows
     * @throws AssertionError on a deadlock or stall of the bubble (see the class comment), with
     *         the bubble's goroutines
     * @throws GoPanic {@code synctest.Run called from within a synctest bubble} if the caller is
     *         in a bubble
     * @throws GoInterruptedException if the calling thread is interrupted (a test timeout): the
     *         bubble's goroutines, listed in a suppressed AssertionError, are interrupted too, and
     *         the interrupt flag stays set
     * @throws NullPointerException if {@code body} is null
     */
    public static void test(Executable body) {
        Objects.requireNonNull(body, "body");
        if (Bubble.anyLive() && Bubble.current() != null) {
            throw new GoPanic("synctest.Run called from within a synctest bubble");
        }
        Bubble b = Bubble.create();
        try {
            b.startMain(() -> {
                try {
                    body.execute();
                } catch (Goexit exit) {
                    throw exit;   // Go.goexit() in the body: ends it, as returning would
                } catch (Throwable t) {
                    b.bodyFailed(t);
                }
            });
            AssertionError stuck = switch (b.drive(STALL_SECONDS * 1_000_000_000L)) {
                case DONE -> null;
                case DEADLOCK -> stuck(b, b.mainDone()
                        ? "deadlock: main bubble goroutine has exited but blocked goroutines remain"
                        : "deadlock: all goroutines in bubble are blocked");
                case STALLED -> stuck(b, "synctest: bubble is stalled: every goroutine has been parked for "
                        + STALL_SECONDS + "s, some in waits that are not durable (a Mutex, a channel from "
                        + "outside the bubble), so time cannot advance");
                case INTERRUPTED -> {
                    GoInterruptedException e = new GoInterruptedException("synctest.Test");
                    e.addSuppressed(stuck(b, "synctest: test was interrupted; the bubble's goroutines were"));
                    throw e;
                }
            };
            Throwable failure = b.failure();
            if (failure != null) {
                if (stuck != null) {
                    failure.addSuppressed(stuck);
                }
                throw Synctest.<RuntimeException>sneaky(failure);
            }
            if (stuck != null) {
                throw stuck;
            }
        } finally {
            b.close();
        }
    }

    /**
     * Blocks until every other goroutine of the current bubble is durably blocked (Go's
     * {@code synctest.Wait}); the clock does not move meanwhile. Then what they did before
     * blocking can be observed deterministically.
     *
     * @throws GoPanic {@code goroutine is not in a bubble} outside a bubble, or
     *         {@code wait already in progress} if another goroutine of the bubble is in await
     * @throws GoInterruptedException if the goroutine is interrupted while waiting (the interrupt
     *         flag is set)
     */
    public static void await() {
        switch (Bubble.await()) {
            case Bubble.AWAIT_OK -> { }
            case Bubble.AWAIT_NOT_IN_BUBBLE -> throw new GoPanic("goroutine is not in a bubble");
            case Bubble.AWAIT_IN_PROGRESS -> throw new GoPanic("wait already in progress");
            case Outcome.INTERRUPTED -> throw new GoInterruptedException("synctest.Wait");
            default -> throw new IllegalStateException("unexpected outcome of Bubble.await");
        }
    }

    /**
     * Dumps the bubble's goroutines, then interrupts them and waits (bounded) for them to end;
     * returns the failure to report.
     */
    private static AssertionError stuck(Bubble b, String reason) {
        String dump = GoroutineList.render(Snapshot.take(g -> g.bubble() == b).goroutines());
        b.abort();
        boolean ended = b.awaitExit(EXIT_NANOS);
        return new AssertionError(reason + "\n\n" + dump
                + (ended ? "" : "\n\n(some of these goroutines were still alive "
                        + EXIT_NANOS / 1_000_000_000L + "s after being interrupted)"));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
