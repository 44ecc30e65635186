/**
 * OpenTelemetry for go4j: the current span and baggage follow work into goroutines
 * ({@link io.go4j.otel.GoOtel#go}), errgroup tasks ({@link io.go4j.otel.GoOtel#go(io.go4j.errgroup.Group, io.go4j.errgroup.Group.Task)})
 * and go4j contexts ({@link io.go4j.otel.GoOtel#with(io.go4j.context.Context)}); goroutine labels
 * become span attributes with {@link io.go4j.otel.GoLabelsSpanProcessor}; go4j-trace's tasks,
 * regions and logs become spans and span events with {@link io.go4j.otel.TraceSpans}.
 *
 * <p>OpenTelemetry keeps its current context in a thread-local, and a goroutine is a new thread:
 * without these calls a span started in a goroutine is the root of a new trace. As with an
 * executor wrapped by {@code Context.taskWrapping}, the context to propagate is the one current
 * when the work is handed over ({@code go} is called), not when it runs.
 */
package io.go4j.otel;
