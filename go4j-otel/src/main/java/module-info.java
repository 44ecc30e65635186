/**
 * go4j-otel: OpenTelemetry context propagation for goroutines, errgroup tasks and go4j contexts
 * ({@code GoOtel}), and goroutine labels as span attributes ({@code GoLabelsSpanProcessor}).
 * The OpenTelemetry API is the application's; the SDK is needed only for the span processor.
 */
module io.go4j.otel {
    requires transitive io.go4j;
    requires transitive io.opentelemetry.context;
    requires static io.opentelemetry.api;
    requires static io.opentelemetry.sdk.trace;

    exports io.go4j.otel;
    // GoOtel.install() uses the core's task decorator (internal.runtime.Hooks)
}
