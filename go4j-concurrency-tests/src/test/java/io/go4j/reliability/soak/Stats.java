package io.go4j.reliability.soak;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Stats counts what a soak run did: the faults the injector planted (by kind) and what the
 * workers observed of them. The counters are the figures the module README reports; they are
 * not checked against one another (the exact accounting lives in {@link DeliveryChecker},
 * {@link TimerBook} and {@link Round}).
 */
final class Stats {

    /** One counter. Faults are what the injector did; effects are what workers saw. */
    enum Event {
        // faults injected
        INTERRUPT("interrupts", true),
        CTX_CANCEL("ctxCancels", true),
        GROUP_CANCEL("groupCancels", true),
        EARLY_CLOSE("earlyCloses", true),
        TIMER_STOP("timerStops", true),
        TIMER_RESET("timerResets", true),
        AFTERFUNC_RACE("afterFuncRaces", true),
        CTX_AFTERFUNC_RACE("ctxAfterFuncRaces", true),
        // effects observed by the workers
        INTERRUPTED_OP("interruptedOps", false),
        CTX_DONE_CANCELED("ctxDoneCanceled", false),
        CTX_DONE_DEADLINE("ctxDoneDeadline", false),
        SEND_ON_CLOSED("sendOnClosedPanics", false),
        TIMEOUT_AFTER("afterTimeouts", false),
        TIMEOUT_TIMER("timerFires", false),
        SELECT_DEFAULT("selectDefaults", false);

        final String label;
        final boolean fault;

        Event(String label, boolean fault) {
            this.label = label;
            this.fault = fault;
        }
    }

    private final Map<Event, LongAdder> counts = new EnumMap<>(Event.class);

    Stats() {
        for (Event e : Event.values()) {
            counts.put(e, new LongAdder());
        }
    }

    void add(Event e) {
        counts.get(e).increment();
    }

    long get(Event e) {
        return counts.get(e).sum();
    }

    /** Adds every counter of {@code other} to this one. */
    void addAll(Stats other) {
        for (Event e : Event.values()) {
            counts.get(e).add(other.get(e));
        }
    }

    /** The total of the fault counters. */
    long faults() {
        long n = 0;
        for (Event e : Event.values()) {
            if (e.fault) {
                n += get(e);
            }
        }
        return n;
    }

    /** "{interrupts=.., ...}" for the faults, or for the effects. */
    String describe(boolean faults) {
        StringBuilder sb = new StringBuilder("{");
        for (Event e : Event.values()) {
            if (e.fault == faults) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(e.label).append('=').append(get(e));
            }
        }
        return sb.append('}').toString();
    }
}
