package io.go4j.http;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.Select;
import io.go4j.context.Context;
import io.go4j.context.DeadlineExceeded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * TimeoutBuffer is the heart of Go's {@code http.TimeoutHandler} (its {@code timeoutWriter}),
 * shared by {@link GoHttpServer#timeoutHandler} and {@link GoTimeoutFilter}: the handler runs in
 * a goroutine of its own with a bounded context and writes its response into this buffer;
 * {@link #serve} waits for the handler or the deadline, then {@link #finish} either sends what the
 * handler wrote, if its context is not done, or answers 503, or (the request ended for another
 * reason) sends nothing.
 *
 * <p>Invariant: once {@code done} is set (by {@link #finish}, holding this buffer's monitor) or
 * the handler's context is done, the buffered response never changes again and the handler's
 * writes throw {@link LateWrite}. Checking the context, not only {@code done}, is what makes a
 * write after the deadline fail for sure: a handler that wakes on its context's deadline may
 * otherwise write before {@link #serve}, woken by the same deadline, has set {@code done}
 * (GoHttpServerTest's 503 test caught that). The response's other parts (status, headers) are
 * kept by the caller under this buffer's monitor, after {@link #check()}.
 */
final class TimeoutBuffer {
    @SuppressWarnings("ContainedContext")   // a buffer serves one request: this is that call's context
    private final Context ctx;                                   // the handler's bounded context
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();   // guarded by this
    private boolean done;                                        // guarded by this
    private final OutputStream body = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            synchronized (TimeoutBuffer.this) {
                check();
                bytes.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (TimeoutBuffer.this) {
                check();
                bytes.write(b, off, len);
            }
        }
    };

    /** The real response, written by {@link #finish}: one of the two servers'. */
    interface Response {
        /** Sends the handler's response, its body {@code body}; the caller holds the buffer's monitor. */
        void commit(ByteArrayOutputStream body) throws IOException;

        /** Answers 503 with {@code message} (text/plain), dropping what the handler wrote; the caller holds the monitor. */
        void timeOut(byte[] message) throws IOException;
    }

    TimeoutBuffer(Context ctx) {
        this.ctx = ctx;
    }

    /** Returns the stream the handler writes its body to. */
    OutputStream body() {
        return body;
    }

    /**
     * Throws Go's ErrHandlerTimeout (or the context's error) once the response is decided; the
     * caller holds this buffer's monitor.
     */
    void check() throws LateWrite {
        RuntimeException err = ctx.err();
        if (err != null) {
            throw new LateWrite(err == DeadlineExceeded.INSTANCE ? GoHttpServer.HANDLER_TIMEOUT : err.getMessage());
        }
        if (done) {
            throw new LateWrite(GoHttpServer.HANDLER_TIMEOUT);
        }
    }

    /** Drops what the handler wrote so far (a servlet's {@code reset}); throws once decided. */
    synchronized void reset() throws LateWrite {
        check();
        bytes.reset();
    }

    /**
     * What a write after the deadline throws. A handler that lets it escape has failed only
     * because it was late, so the timeout handler answers as for a timeout, not with a 500
     * (TimeoutHandlerStressTest caught that).
     */
    static final class LateWrite extends IOException {
        private static final long serialVersionUID = 1L;

        LateWrite(String message) {
            super(message);
        }
    }

    /**
     * Decides the response, once: what the handler wrote if its context is not done; else 503
     * with {@code message} if the deadline passed and {@code message} is not null; else nothing.
     */
    synchronized void finish(byte[] message, Response response) throws IOException {
        done = true;
        RuntimeException err = ctx.err();
        if (err == null && message != null) {
            response.commit(bytes);
        } else if (err == DeadlineExceeded.INSTANCE && message != null) {
            response.timeOut(message);
        }
    }

    /**
     * Runs {@code handler} in a new goroutine, waits until it returns or the buffer's context is
     * done, and finishes the response. An exception from the handler is rethrown (nothing of its
     * response is sent), except a {@link LateWrite} (see {@link #isLate}), which ends the request as a timeout; the
     * handler of a request that timed out may still be running when this returns.
     */
    void serve(Go.ThrowingRunnable handler, byte[] message, Response response) throws Exception {
        // the handler's goroutine sends its outcome, so its writes happen-before finish reads them
        Chan<Outcome> finished = Chan.make(1);
        Go.go(() -> {
            Throwable failure = null;
            try {
                handler.runThrowing();
            } catch (Throwable t) {
                failure = t;
            }
            finished.send(new Outcome(failure));
        });
        Outcome outcome = Select.select(
                Select.recv(finished, o -> o),
                Select.recv(ctx.done(), v -> null));
        if (outcome != null && outcome.failure != null && !isLate(outcome.failure)) {
            finish(null, response);   // nothing of a failed handler's response is sent
            if (outcome.failure instanceof Error err) {
                throw err;
            }
            throw (Exception) outcome.failure;
        }
        finish(message, response);
    }

    /**
     * Reports whether {@code t} says only that the handler was late: a {@link LateWrite}, or the
     * IllegalStateException a servlet's late header change throws with one as its cause.
     */
    private static boolean isLate(Throwable t) {
        return t instanceof LateWrite || (t instanceof IllegalStateException && t.getCause() instanceof LateWrite);
    }

    /** What the handler's goroutine ended with: null, or what it threw. */
    private record Outcome(Throwable failure) {}
}
