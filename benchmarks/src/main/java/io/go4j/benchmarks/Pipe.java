package io.go4j.benchmarks;

/**
 * A Pipe is one channel as the benchmarks see it: a blocking send and a blocking receive,
 * whichever implementation is behind them.
 *
 * <p>Both operations throw {@link InterruptedException} when the calling thread is interrupted;
 * that is how {@link Actors} stops long-lived actors. Each benchmark fork uses a single
 * implementation, so the interface calls stay monomorphic and are inlined.
 */
interface Pipe<T> {

    /** Sends {@code value}, blocking while the channel is full (unbuffered: until a receiver takes it). */
    void send(T value) throws InterruptedException;

    /** Receives a value, blocking while the channel is empty. */
    T recv() throws InterruptedException;
}
