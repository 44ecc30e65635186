package io.go4j.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * TimeoutExchange is the exchange a {@link GoHttpServer#timeoutHandler} gives its handler (Go's
 * {@code timeoutWriter}): the request side is the real exchange's, the response (status, headers,
 * body) goes to a {@link TimeoutBuffer}, which either sends it to the real exchange, if the
 * handler's context is not done, or drops it. The status is guarded by the buffer's monitor,
 * under the buffer's invariant.
 */
final class TimeoutExchange extends HttpExchange implements TimeoutBuffer.Response {
    private final HttpExchange real;
    private final TimeoutBuffer buffer;
    private final Headers responseHeaders = new Headers();   // the handler's own; read on commit
    private int code = -1;                                   // guarded by buffer

    TimeoutExchange(HttpExchange real, TimeoutBuffer buffer) {
        this.real = real;
        this.buffer = buffer;
    }

    /** Sends what the handler wrote to the real exchange; the caller holds the buffer's monitor. */
    @Override
    public void commit(ByteArrayOutputStream body) throws IOException {
        real.getResponseHeaders().putAll(responseHeaders);
        int status = code == -1 ? 200 : code;
        boolean noBody = body.size() == 0 || status == 204 || status == 304;
        real.sendResponseHeaders(status, noBody ? -1 : body.size());
        if (!noBody) {
            body.writeTo(real.getResponseBody());
        }
    }

    /** Drops what the handler wrote and answers 503 with {@code message}; the caller holds the monitor. */
    @Override
    public void timeOut(byte[] message) throws IOException {
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
        return buffer.body();
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
        synchronized (buffer) {
            buffer.check();
            if (code != -1) {
                throw new IOException("headers already sent");
            }
            code = rCode;
        }
    }

    @Override
    public int getResponseCode() {
        synchronized (buffer) {
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
