package io.go4j.debug.internal.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * ResponseBody is a 200 response's body that sends the headers as late as it can, so that a
 * writer that fails early still gets a proper error status: it holds the first
 * {@link #COMMIT_THRESHOLD} bytes, and only when the body grows beyond them (a full dump of many
 * goroutines) does it send the headers (chunked) and stream.
 *
 * <p>Invariants: before {@link #committed()} nothing has been sent, and the exchange's headers
 * may still change (an error reply replaces them); after it, the status is 200 and the rest of
 * the body goes straight to the client. For a {@code HEAD} request the body is counted, never
 * sent, and the response is never committed before {@link #finish()}.
 *
 * <p>What a failure after the commit means: the client has a 200 and part of a body. The
 * handler must then not {@link HttpExchange#close() close} the exchange (that would send the
 * last chunk and make the truncated body look whole) but throw, so that the JDK's server drops
 * the connection and the client sees an incomplete chunked body.
 */
final class ResponseBody extends OutputStream {

    /**
     * Bytes held before the headers are sent. Empirical: every binary profile and a grouped dump
     * of a few thousand goroutines fit, so that their failures get a 500; a full dump of
     * 100,000 goroutines (tens of megabytes) streams instead of being held. Revisit if profiles
     * grow (a heap profile of a large program can pass 1 MiB).
     */
    static final int COMMIT_THRESHOLD = 1 << 20;

    private final HttpExchange exchange;
    private final boolean head;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream(); // until committed
    private OutputStream sent;                                              // set once, at the commit

    /**
     * Creates the body of {@code exchange}'s response.
     *
     * @param exchange the exchange, whose response headers are set by the caller before
     *                 writing starts and may be replaced until {@link #committed()}
     */
    ResponseBody(HttpExchange exchange) {
        this.exchange = exchange;
        this.head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
    }

    /** @return whether the status and headers have been sent */
    boolean committed() {
        return sent != null;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (head) {
            return;
        }
        if (sent != null) {
            sent.write(b, off, len);
            return;
        }
        held.write(b, off, len);
        if (held.size() > COMMIT_THRESHOLD) {
            exchange.sendResponseHeaders(200, 0);
            sent = exchange.getResponseBody();
            held.writeTo(sent);
            held.reset();
        }
    }

    @Override
    public void flush() throws IOException {
        if (sent != null) {
            sent.flush();
        }
    }

    /**
     * Does nothing: a profile writer that closes its stream (a {@code GZIPOutputStream} does)
     * must not end the response; {@link #finish()} does.
     */
    @Override
    public void close() {}

    /**
     * Ends the response: sends the status, headers and held body if they have not been sent,
     * and closes the exchange.
     *
     * @throws IOException if the client cannot be written to
     */
    void finish() throws IOException {
        if (sent == null) {
            exchange.sendResponseHeaders(200, head ? -1 : (held.size() == 0 ? -1 : held.size()));
            if (!head && held.size() > 0) {
                exchange.getResponseBody().write(held.toByteArray());
            }
        }
        exchange.close();
    }
}
