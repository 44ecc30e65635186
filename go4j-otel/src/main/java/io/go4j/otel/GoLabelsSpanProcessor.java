package io.go4j.otel;

import io.go4j.Go;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

import java.util.Map;
import java.util.Objects;

/**
 * GoLabelsSpanProcessor copies the profiler labels ({@code Go.withLabels}) of the goroutine that
 * starts a span into the span's attributes, so that traces and profiles can be joined on the
 * same keys: a span started under {@code Go.withLabels(Map.of("request", "abc"), ...)}, in that
 * goroutine or in any goroutine it starts, gets the attribute {@code request=abc} (or
 * {@code <prefix>request} with a prefix). Opt-in: register it with the SDK's tracer provider.
 *
 * <pre>{@code
 * SdkTracerProvider provider = SdkTracerProvider.builder()
 *         .addSpanProcessor(GoLabelsSpanProcessor.create("go4j.label."))
 *         .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
 *         .build();
 * }</pre>
 *
 * <p>Labels are read when the span starts, on the thread that starts it; an attribute the span
 * builder already set with the same key is replaced.
 */
public final class GoLabelsSpanProcessor implements SpanProcessor {
    private final String prefix;

    private GoLabelsSpanProcessor(String prefix) {
        this.prefix = prefix;
    }

    /**
     * Returns a processor that names each attribute after its label's key.
     *
     * @return the processor
     */
    public static GoLabelsSpanProcessor create() {
        return new GoLabelsSpanProcessor("");
    }

    /**
     * Returns a processor that names each attribute {@code prefix + key}.
     *
     * @param prefix what precedes each label's key, e.g. {@code "go4j.label."}
     * @return the processor
     * @throws NullPointerException if {@code prefix} is null
     */
    public static GoLabelsSpanProcessor create(String prefix) {
        return new GoLabelsSpanProcessor(Objects.requireNonNull(prefix, "prefix"));
    }

    /**
     * Adds the current goroutine's labels to {@code span}.
     *
     * @param parentContext the span's parent context
     * @param span          the span being started
     */
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        Map<String, String> labels = Go.labels();
        labels.forEach((k, v) -> span.setAttribute(prefix + k, v));
    }

    /**
     * Returns true: this processor acts on start.
     *
     * @return true
     */
    @Override
    public boolean isStartRequired() {
        return true;
    }

    /**
     * Does nothing.
     *
     * @param span the ended span
     */
    @Override
    public void onEnd(ReadableSpan span) {}

    /**
     * Returns false: this processor does nothing on end.
     *
     * @return false
     */
    @Override
    public boolean isEndRequired() {
        return false;
    }
}
