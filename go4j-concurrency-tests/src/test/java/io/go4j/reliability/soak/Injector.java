package io.go4j.reliability.soak;

import io.go4j.reliability.soak.FaultPlan.Step;
import io.go4j.reliability.soak.Stats.Event;
import io.go4j.time.Time;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;

/**
 * Injector is the goroutine that plays a round's {@link FaultPlan} against its workers until
 * the round tells it to stop: interrupt storms on blocked operations, contexts (one, or a whole
 * group) cancelled mid-select, channels closed under concurrent sends and selects, timers
 * stopped and reset while they fire, and afterFunc stops racing their firing. It only
 * perturbs; all checking is done by the workers' books and the round.
 */
final class Injector implements Runnable {
    /** Below this pause the injector spins instead of parking: a timed park is coarser. */
    private static final long SPIN_BELOW_NANOS = 50_000;

    final CountDownLatch done = new CountDownLatch(1);

    private final Round round;
    private final Iterator<Step> steps;
    private volatile boolean stopped;
    volatile Step current;                 // the step being applied; for hang reports

    Injector(Round round, FaultPlan plan) {
        this.round = round;
        this.steps = plan.steps();
    }

    /** Asks the injector to stop after its current step. */
    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                Step s = steps.next();
                current = s;
                apply(s);
                pause(s.pauseNanos());
            }
        } catch (Throwable t) {
            round.unexpected("injector", t);
        } finally {
            done.countDown();
        }
    }

    private void apply(Step s) {
        Stats stats = round.stats;
        switch (s.kind()) {
            case INTERRUPT_STORM -> {
                for (int target : s.storm()) {
                    Thread t = round.worker(target).thread;
                    if (t != null && t.isAlive()) {
                        t.interrupt();
                        stats.add(Event.INTERRUPT);
                    }
                }
            }
            case CANCEL_CONTEXT -> {
                round.worker(s.target()).ctx.get().cancel();
                stats.add(Event.CTX_CANCEL);
            }
            case CANCEL_GROUP -> {
                round.cancelGroup(s.target());
                stats.add(Event.GROUP_CANCEL);
            }
            case CLOSE_CHANNEL -> {
                if (round.closeEarly(s.target())) {
                    stats.add(Event.EARLY_CLOSE);
                }
            }
            case STOP_TIMER -> {
                round.worker(s.target()).timer.stop();
                stats.add(Event.TIMER_STOP);
            }
            case RESET_AND_STOP_TIMER -> {
                TimerBook timer = round.worker(s.target()).timer;
                timer.reset(Duration.ofNanos(s.nanos()));
                stats.add(Event.TIMER_RESET);
                Round.spin(s.spinNanos());
                timer.stop();
                stats.add(Event.TIMER_STOP);
            }
            case AFTERFUNC_RACE -> {
                round.afterFuncRace(s.nanos(), s.spinNanos());
                stats.add(Event.AFTERFUNC_RACE);
            }
            case CONTEXT_AFTERFUNC_RACE -> {
                round.contextAfterFuncRace(s.spinNanos());
                stats.add(Event.CTX_AFTERFUNC_RACE);
            }
        }
    }

    /**
     * Waits between steps as the plan says: a pause of 0 yields (Go's {@code runtime.Gosched()}
     * in a loop), a pause below {@link #SPIN_BELOW_NANOS} spins (a goroutine doing CPU work),
     * a longer one parks. Rounds differ in which of these the injector does.
     */
    private static void pause(long nanos) {
        if (nanos == 0) {
            Thread.yield();
        } else if (nanos < SPIN_BELOW_NANOS) {
            Round.spin(nanos);
        } else {
            Time.sleep(Duration.ofNanos(nanos));
        }
    }
}
