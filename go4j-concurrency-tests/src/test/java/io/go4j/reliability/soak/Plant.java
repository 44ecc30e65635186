package io.go4j.reliability.soak;

/**
 * Plant is a defect planted on purpose in a soak round, once, to prove that the round's checks
 * can fail: each must turn an otherwise green round red.
 */
enum Plant {
    /** Nothing planted: a real soak round. */
    NONE,
    /** A receiver receives a message and does not log it: DeliveryChecker must report it lost. */
    DROP,
    /** A receiver logs a message twice: DeliveryChecker must report a duplicate. */
    DUPLICATE,
    /** A sender throws mid-run: the exception must fail the round. */
    THROW,
    /**
     * A bare goroutine (no wrapper) panics: go4j reports it to the default uncaught-exception
     * handler the round installs, which must fail the round.
     */
    PANIC,
    /** A goroutine of the round is left blocked: the leak check must fail and dump it. */
    LEAK,
    /** A timer book counts a receive that did not happen: the timer accounting must fail. */
    TIMER_IMBALANCE
}
