package io.go4j.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.go4j.context.Context;
import io.go4j.context.DeadlineExceeded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * TimeoutExchange is the exchange a {@link GoHttpServer#timeoutHandler} gives its handler (Go's
 * {@code timeoutWriter}): the request side is the real exchange's, the response (status, headers,
 * body) goes to a buffer that {@link #finish} either sends to the real exchange, if the handler's
 * context is not done, or drops.
 *
 * <p>Invariant: once {@code done} is set (by {@link #finish}, under the lock) or the handler's
 * context is done, the buffer never changes again and the handler's writes throw. Checking the
 * context, not only {@code done}, is what makes a write after the deadline fail for sure: a
 * handler that wakes on its context's deadline may otherwise write before the timeout handler,
 * woken by the same deadline, has set {@code done} (GoHttpServerTest's 503 test caught that).
 */
final class TimeoutExchange extends HttpExchange {
    private final HttpExchange real;
    private final Context ctx;                               // the handler's bounded context
    private final Headers responseHeaders = new Headers();   // the handler's own; read on commit
    private final Object lock = new Object();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();   // guarded by lock
    private int code = -1;                                   // guarded by lock
    private boolean done;                                    // guarded by lock
    private final OutputStream body = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            synchronized (lock) {
                check();
                buffer.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (lock) {
                check();
                buffer.write(b, off, len);
            }
        }
    };

    TimeoutExchange(HttpExchange real, Context ctx) {
        this.real = real;
        this.ctx = ctx;
    }

    /** Throws Go's ErrHandlerTimeout (or the context's error) once the response is decided. */
    private void check() throws IOException {
        RuntimeException err = ctx.err();
        if (err != null) {
            throw new LateWrite(err == DeadlineExceeded.INSTANCE ? GoHttpServer.HANDLER_TIMEOUT : err.getMessage());
        }
        if (done) {
            throw new LateWrite(GoHttpServer.HANDLER_TIMEOUT);
        }
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
    void finish(byte[] message) throws IOException {
        synchronized (lock) {
            done = true;
            RuntimeException err = ctx.err();
            if (err == null && message != null) {
                commit();
            } else if (err == DeadlineExceeded.INSTANCE && message != null) {
                timeOut(message);
            }
        }
    }

    /** Sends what the handler wrote to the real exchange; the caller holds the lock. */
    private void commit() throws IOException {
        real.getResponseHeaders().putAll(responseHeaders);
        int status = code == -1 ? 200 : code;
        boolean noBody = buffer.size() == 0 || status == 204 || status == 304;
        real.sendResponseHeaders(status, noBody ? -1 : buffer.size());
        if (!noBody) {
            buffer.writeTo(real.getResponseBody());
        }
    }

    /** Drops what the handler wrote and answers 503 with {@code message}; the caller holds the lock. */
    private void timeOut(byte[] message) throws IOException {
        real.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        real.sendResponseHeaders(503, message.length);
        real.getResponseBody().write(message);
    }

    // The response side: buffered

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public OutputStream getResponseBody() {
        return body;
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
        synchronized (lock) {
            check();
            if (code != -1) {
                throw new IOException("headers already sent");
            }
            code = rCode;
        }
    }

    @Override
    public int getResponseCode() {
        synchronized (lock) {
            return code;
        }
    }

    @Override
    public void close() {
        // the timeout handler commits or drops the response; the real exchange closes it after
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (o != null) {
            throw new UnsupportedOperationException("go4j: timeoutHandler buffers the response; its stream cannot be replaced");
        }
        real.setStreams(i, null);
    }

    // The request side: the real exchange's

    @Override
    public Headers getRequestHeaders() {
        return real.getRequestHeaders();
    }

    @Override
    public URI getRequestURI() {
        return real.getRequestURI();
    }

    @Override
    public String getRequestMethod() {
        return real.getRequestMethod();
    }

    @Override
    public HttpContext getHttpContext() {
        return real.getHttpContext();
    }

    @Override
    public InputStream getRequestBody() {
        return real.getRequestBody();
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return real.getRemoteAddress();
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return real.getLocalAddress();
    }

    @Override
    public String getProtocol() {
        return real.getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
        return real.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        real.setAttribute(name, value);
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return real.getPrincipal();
    }
}
