package io.go4j.http;

import io.go4j.context.CancelCauseContext;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * CancellingOutputStream is a response body that cancels its request's context with
 * {@link ClientDisconnected} when a write or flush fails, then rethrows: the one way the JDK's
 * server and the Servlet API show a handler that its client has gone. Shared by
 * {@link GoHttpServer} and {@link GoContextFilter}.
 */
final class CancellingOutputStream extends FilterOutputStream {
    private final CancelCauseContext ctx;

    CancellingOutputStream(OutputStream out, CancelCauseContext ctx) {
        super(out);
        this.ctx = ctx;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw gone(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw gone(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw gone(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            throw gone(e);
        }
    }

    /** Cancels the request's context with e as the sign of a lost client, and returns e to rethrow. */
    IOException gone(IOException e) {
        ctx.cancel(new ClientDisconnected(e));
        return e;
    }
}
