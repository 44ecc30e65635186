package io.go4j.reliability.lincheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DualSpec is one state of a sequential specification that may block and may choose: the
 * specification {@link DualVerifier} checks go4j against, for operations Lincheck's own verifier
 * cannot express (a blocking send, a select that picks one of two ready cases).
 *
 * <p>An operation is <em>started</em> at one instant: it either completes then (its result is
 * recorded with {@link #complete}) or parks, and a later operation of another thread completes it
 * (a receive completes a parked send, close completes every parked operation), or the
 * specification completes it by an {@link #internal} step (a parked {@code lock()} takes a Mutex
 * that became free). This is the request/follow-up split of dual data structures (Scherer and
 * Scott, "Nonblocking concurrent data structures with condition synchronization", 2004): a parked
 * operation is linearized twice, when it registers and when it is served.
 *
 * <p>Where Go leaves a choice (which ready case a select takes, which parked locker gets a freed
 * Mutex), {@link #start} and {@link #internal} return one successor per allowed choice.
 *
 * <p>Invariants: a state is never changed after it was returned as a successor; every method that
 * changes state works on a {@link #copy}. {@link #key} identifies the state up to the results
 * not yet collected, so that equal keys behave alike from then on.
 */
abstract class DualSpec<S extends DualSpec<S>> {
    /** Operations completed by the step that produced this state: operation id to result. */
    private Map<Integer, Object> completed = new LinkedHashMap<>();

    /**
     * Set by a step that Go calls misuse, whose outcome Go leaves open (a WaitGroup's add from
     * zero racing with its wait): the generator drops a scenario in which some order reaches it.
     */
    boolean misuse;

    /** Returns a deep copy with no completed results pending. */
    abstract S copy();

    /**
     * Starts operation {@code id}, named {@code op} (a method of the Lincheck test class) with
     * {@code args}. Returns every allowed successor, each a fresh copy; empty if the operation
     * is not allowed at all now (never the case for a well-formed specification).
     */
    abstract List<S> start(String op, List<Object> args, int id);

    /** Returns the successors by one spontaneous step (a parked operation served by no one). */
    List<S> internal() {
        return List.of();
    }

    /** A string identifying this state, used to remember explored configurations. */
    abstract String key();

    /** Records that operation {@code id} completed with {@code result} in this step. */
    final void complete(int id, Object result) {
        completed.put(id, result);
    }

    /** Returns and forgets the operations completed by the last step. */
    final Map<Integer, Object> drainCompleted() {
        Map<Integer, Object> done = completed;
        completed = new LinkedHashMap<>();
        return done;
    }

    /** One successor: a copy of this state, changed by {@code change}. */
    final List<S> one(java.util.function.Consumer<S> change) {
        S next = copy();
        change.accept(next);
        return List.of(next);
    }

    /** A fresh list for several successors. */
    static <S> List<S> successors() {
        return new ArrayList<>();
    }
}
