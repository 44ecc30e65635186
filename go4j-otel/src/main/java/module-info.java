/**
 * go4j-otel: OpenTelemetry context propagation for goroutines, errgroup tasks and go4j contexts
 * ({@code GoOtel}), goroutine labels as span attributes ({@code GoLabelsSpanProcessor}), and
 * go4j-trace's tasks, regions and logs as spans ({@code TraceSpans}). The OpenTelemetry API is the
 * application's; the SDK is needed only for the span processor, go4j-trace only for
 * {@code TraceSpans}.
 */
module io.go4j.otel {
    requires transitive io.go4j;
    requires transitive io.opentelemetry.context;
    requires static io.opentelemetry.api;
    requires static io.opentelemetry.sdk.trace;
    requires static io.go4j.trace;   // only TraceSpans needs it

    exports io.go4j.otel;
    // GoOtel.install() uses the core's task decorator (internal.runtime.Hooks)
}
