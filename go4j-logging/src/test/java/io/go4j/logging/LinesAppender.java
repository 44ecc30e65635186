package io.go4j.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Logback appender that keeps each event's line, formatted by its encoder, for the tests to read. */
public final class LinesAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    static final List<String> LINES = new CopyOnWriteArrayList<>();

    private Encoder<ILoggingEvent> encoder;

    /**
     * Sets the encoder (Logback's configurator calls it for the {@code <encoder>} element).
     *
     * @param encoder the encoder
     */
    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    @Override
    public void start() {
        encoder.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        LINES.add(new String(encoder.encode(event), StandardCharsets.UTF_8).strip());
    }

    /** Returns the lines whose message ends with {@code msg}. */
    static List<String> withMessage(String msg) {
        return LINES.stream().filter(l -> l.endsWith(" " + msg)).toList();
    }
}
