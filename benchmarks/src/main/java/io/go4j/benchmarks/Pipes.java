package io.go4j.benchmarks;

import com.softwaremill.jox.Channel;
import io.go4j.Chan;
import io.go4j.GoInterruptedException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * Pipes makes a {@link Pipe} of a given capacity for each implementation name used in the
 * benchmarks' {@code impl} parameter.
 *
 * <ul>
 *   <li>{@code go4j}: {@code io.go4j.Chan.make(capacity)};
 *   <li>{@code jox}: jox's rendezvous channel (capacity 0) or buffered channel;
 *   <li>{@code juc-sq}: {@link SynchronousQueue} {@code put}/{@code take} (capacity 0 only);
 *   <li>{@code juc-ltq}: {@link LinkedTransferQueue} {@code transfer}/{@code take}, an unbuffered
 *       hand-off (capacity 0 only);
 *   <li>{@code juc-abq}: {@link ArrayBlockingQueue} {@code put}/{@code take} (capacity &gt; 0 only).
 * </ul>
 */
final class Pipes {

    static final String GO4J = "go4j";
    static final String JOX = "jox";
    static final String JUC_SQ = "juc-sq";
    static final String JUC_LTQ = "juc-ltq";
    static final String JUC_ABQ = "juc-abq";
    /** kotlinx.coroutines: not a Pipe; its benchmarks call {@link KotlinPeer} for the whole scenario. */
    static final String KOTLIN = "kotlin";

    private Pipes() {}

    /** Returns a new, empty pipe of implementation {@code impl} holding up to {@code capacity} values. */
    static <T> Pipe<T> make(String impl, int capacity) {
        checkCapacity(impl, capacity);
        return switch (impl) {
            case GO4J -> new Go4jPipe<>(Chan.make(capacity));
            case JOX -> new JoxPipe<>(capacity == 0
                    ? Channel.newRendezvousChannel()
                    : Channel.newBufferedChannel(capacity));
            case JUC_SQ -> new QueuePipe<>(new SynchronousQueue<>());
            case JUC_LTQ -> new TransferPipe<>(new LinkedTransferQueue<>());
            case JUC_ABQ -> new QueuePipe<>(new ArrayBlockingQueue<>(capacity));
            default -> throw new IllegalArgumentException("unknown impl: " + impl);
        };
    }

    /** Makes {@code n} pipes of one implementation and capacity. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> Pipe<T>[] make(String impl, int capacity, int n) {
        Pipe<T>[] pipes = new Pipe[n];
        for (int i = 0; i < n; i++) {
            pipes[i] = make(impl, capacity);
        }
        return pipes;
    }

    private static void checkCapacity(String impl, int capacity) {
        boolean supported = switch (impl) {
            case JUC_SQ, JUC_LTQ -> capacity == 0;
            case JUC_ABQ -> capacity > 0;
            default -> capacity >= 0;
        };
        if (!supported) {
            throw new IllegalArgumentException(impl + " does not support capacity " + capacity);
        }
    }

    private record Go4jPipe<T>(Chan<T> chan) implements Pipe<T> {
        @Override public void send(T value) throws InterruptedException {
            try {
                chan.send(value);
            } catch (GoInterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override public T recv() throws InterruptedException {
            try {
                return chan.recv();
            } catch (GoInterruptedException e) {
                throw interrupted(e);
            }
        }

        private static InterruptedException interrupted(GoInterruptedException cause) {
            Thread.interrupted(); // go4j sets the flag again; a thrown InterruptedException means it is clear
            InterruptedException e = new InterruptedException("go4j operation interrupted");
            e.initCause(cause);
            return e;
        }
    }

    private record JoxPipe<T>(Channel<T> chan) implements Pipe<T> {
        @Override public void send(T value) throws InterruptedException {
            chan.send(value);
        }

        @Override public T recv() throws InterruptedException {
            return chan.receive();
        }
    }

    private record QueuePipe<T>(BlockingQueue<T> queue) implements Pipe<T> {
        @Override public void send(T value) throws InterruptedException {
            queue.put(value);
        }

        @Override public T recv() throws InterruptedException {
            return queue.take();
        }
    }

    private record TransferPipe<T>(LinkedTransferQueue<T> queue) implements Pipe<T> {
        @Override public void send(T value) throws InterruptedException {
            queue.transfer(value);
        }

        @Override public T recv() throws InterruptedException {
            return queue.take();
        }
    }
}
