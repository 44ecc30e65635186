package io.go4j.sync;

/**
 * Locker is an object that can be locked and unlocked, as Go's {@code sync.Locker}:
 * {@link Mutex}, {@link RWMutex} and {@link RWMutex#rLocker()} are Lockers, and {@link Cond}
 * waits on one.
 * <pre>{@code
 * Locker l = new Mutex();
 * l.lock();
 * try {
 *     // critical section
 * } finally {
 *     l.unlock();
 * }
 * }</pre>
 */
public interface Locker {
    /** Acquires the lock, blocking until it is available. */
    void lock();

    /** Releases the lock. */
    void unlock();
}
