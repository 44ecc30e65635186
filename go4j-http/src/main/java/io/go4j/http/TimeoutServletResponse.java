package io.go4j.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * TimeoutServletResponse is the response a {@link GoTimeoutFilter} gives the rest of its chain
 * (Go's {@code timeoutWriter}, for a servlet): status, headers, cookies and body are kept, under
 * the {@link TimeoutBuffer}'s monitor and invariant, and reach the real response only if the
 * handler finishes in time ({@link #commit}); after the deadline every change throws
 * {@link TimeoutBuffer.LateWrite} ({@code "http: Handler timeout"}) and the real response gets the
 * 503 ({@link #timeOut}). It reports itself not committed until then, since nothing has been sent.
 *
 * <p>A {@link PrintWriter} swallows its stream's exceptions: a servlet that prints after the
 * deadline sees {@code checkError()} become true, not the exception, and its output is dropped.
 */
final class TimeoutServletResponse extends HttpServletResponseWrapper implements TimeoutBuffer.Response {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final HttpServletResponse real;
    private final String realEncoding;   // the real response's at the start: a late servlet must not read the real response
    private final Locale realLocale;     // the same
    private final TimeoutBuffer buffer;
    private final ServletOutputStream out;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);   // guarded by buffer
    private final List<Cookie> cookies = new ArrayList<>();   // guarded by buffer
    private int status = SC_OK;                               // guarded by buffer
    private String characterEncoding;                         // guarded by buffer; null: the content type's, else the real's
    private Locale locale;                                    // guarded by buffer; null: the real's
    private String errorMessage;                              // guarded by buffer; with error, sendError's
    private boolean error;                                    // guarded by buffer: sendError was called
    private PrintWriter writer;                               // the handler's goroutine only

    TimeoutServletResponse(HttpServletResponse real, TimeoutBuffer buffer) {
        super(real);
        this.real = real;
        this.realEncoding = real.getCharacterEncoding();
        this.realLocale = real.getLocale();
        this.buffer = buffer;
        this.out = new ServletOutputStream() {
            @Override
            public void write(int b) throws IOException {
                buffer.body().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                buffer.body().write(b, off, len);
            }

            @Override
            public boolean isReady() {
                return true;   // a buffer: never blocks
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new IllegalStateException("go4j: GoTimeoutFilter buffers the response: no non-blocking writes");
            }
        };
    }

    // Deciding: called by TimeoutBuffer.finish, holding the buffer's monitor

    /** Flushes what the servlet printed into the buffer: its writer's encoder may still hold it. */
    void flushWriter() {
        if (writer != null) {
            writer.flush();
        }
    }

    @Override
    public void commit(ByteArrayOutputStream body) throws IOException {
        if (locale != null) {
            real.setLocale(locale);
        }
        headers.forEach((name, values) -> {
            if (name.equalsIgnoreCase("Content-Type")) {
                real.setContentType(values.get(0));
            } else if (!name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> real.addHeader(name, v));
            }
        });
        if (characterEncoding != null) {
            real.setCharacterEncoding(characterEncoding);
        }
        cookies.forEach(real::addCookie);
        if (error) {
            real.sendError(status, errorMessage);
            return;
        }
        real.setStatus(status);
        if (body.size() > 0) {
            real.setContentLength(body.size());
            body.writeTo(real.getOutputStream());
        } else if (headers.containsKey("Content-Length")) {
            real.setHeader("Content-Length", headers.get("Content-Length").get(0));   // a HEAD's
        }
    }

    @Override
    public void timeOut(byte[] message) throws IOException {
        real.setStatus(SC_SERVICE_UNAVAILABLE);
        real.setContentType("text/plain; charset=utf-8");
        real.setContentLength(message.length);
        real.getOutputStream().write(message);
    }

    // The body

    @Override
    public ServletOutputStream getOutputStream() {
        return out;
    }

    @Override
    public PrintWriter getWriter() {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(out, Charset.forName(getCharacterEncoding())));
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        synchronized (buffer) {
            buffer.check();   // nothing to send yet: the response is sent whole, at the end
        }
    }

    @Override
    public void resetBuffer() {
        try {
            buffer.reset();
        } catch (TimeoutBuffer.LateWrite e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void reset() {
        synchronized (buffer) {
            resetBuffer();
            headers.clear();
            cookies.clear();
            status = SC_OK;
            characterEncoding = null;
            locale = null;
            error = false;
            errorMessage = null;
        }
    }

    @Override
    public boolean isCommitted() {
        return false;   // nothing is sent before the handler returns; after the deadline, writes throw
    }

    @Override
    public void setBufferSize(int size) {
        // the whole response is buffered
    }

    @Override
    public int getBufferSize() {
        return Integer.MAX_VALUE;
    }

    // Status

    @Override
    public void setStatus(int sc) {
        synchronized (buffer) {
            checkUnchecked();
            status = sc;
        }
    }

    @Override
    public int getStatus() {
        synchronized (buffer) {
            return status;
        }
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        synchronized (buffer) {
            buffer.check();
            buffer.reset();
            status = sc;
            error = true;
            errorMessage = msg;
        }
    }

    @Override
    public void sendError(int sc) throws IOException {
        sendError(sc, null);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        synchronized (buffer) {
            buffer.check();
            buffer.reset();
            status = SC_FOUND;
            put("Location", real.encodeRedirectURL(location), true);
        }
    }

    // Headers

    @Override
    public void setHeader(String name, String value) {
        put(name, value, true);
    }

    @Override
    public void addHeader(String name, String value) {
        put(name, value, false);
    }

    @Override
    public void setIntHeader(String name, int value) {
        put(name, Integer.toString(value), true);
    }

    @Override
    public void addIntHeader(String name, int value) {
        put(name, Integer.toString(value), false);
    }

    @Override
    public void setDateHeader(String name, long date) {
        put(name, HTTP_DATE.format(Instant.ofEpochMilli(date)), true);
    }

    @Override
    public void addDateHeader(String name, long date) {
        put(name, HTTP_DATE.format(Instant.ofEpochMilli(date)), false);
    }

    @Override
    public boolean containsHeader(String name) {
        synchronized (buffer) {
            return headers.containsKey(name);
        }
    }

    @Override
    public String getHeader(String name) {
        synchronized (buffer) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    @Override
    public Collection<String> getHeaders(String name) {
        synchronized (buffer) {
            return List.copyOf(headers.getOrDefault(name, List.of()));
        }
    }

    @Override
    public Collection<String> getHeaderNames() {
        synchronized (buffer) {
            return List.copyOf(headers.keySet());
        }
    }

    @Override
    public void addCookie(Cookie cookie) {
        synchronized (buffer) {
            checkUnchecked();
            cookies.add(cookie);
        }
    }

    @Override
    public void setContentType(String type) {
        if (type == null) {
            return;
        }
        synchronized (buffer) {
            put("Content-Type", type, true);
            int i = type.toLowerCase(Locale.ROOT).indexOf("charset=");
            if (i >= 0) {
                characterEncoding = type.substring(i + "charset=".length()).trim().replace("\"", "");
            }
        }
    }

    @Override
    public String getContentType() {
        return getHeader("Content-Type");
    }

    @Override
    public void setCharacterEncoding(String charset) {
        synchronized (buffer) {
            checkUnchecked();
            characterEncoding = charset;
        }
    }

    @Override
    public String getCharacterEncoding() {
        synchronized (buffer) {
            if (characterEncoding != null) {
                return characterEncoding;
            }
        }
        return realEncoding == null ? StandardCharsets.ISO_8859_1.name() : realEncoding;
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        put("Content-Length", Long.toString(len), true);
    }

    @Override
    public void setLocale(Locale loc) {
        synchronized (buffer) {
            checkUnchecked();
            locale = loc;
        }
    }

    @Override
    public Locale getLocale() {
        synchronized (buffer) {
            return locale != null ? locale : realLocale;
        }
    }

    private void put(String name, String value, boolean replace) {
        synchronized (buffer) {
            checkUnchecked();
            List<String> values = headers.computeIfAbsent(name, k -> new ArrayList<>());
            if (replace) {
                values.clear();
            }
            values.add(value);
        }
    }

    /**
     * {@link TimeoutBuffer#check()} for the servlet methods that cannot throw IOException: a late
     * header is refused as a committed response's is, with an IllegalStateException.
     */
    private void checkUnchecked() {
        try {
            buffer.check();
        } catch (TimeoutBuffer.LateWrite e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
