package io.go4j.trace.internal;

import com.sun.net.httpserver.HttpHandler;
import io.go4j.debug.internal.TraceEndpoint;
import io.go4j.trace.TraceHandler;

/**
 * PprofTraceEndpoint gives go4j-debug's {@code /debug/pprof} server its {@code trace} endpoint
 * ({@link TraceHandler}) when go4j-trace is on the class or module path (ServiceLoader).
 */
public final class PprofTraceEndpoint implements TraceEndpoint {

    /** Created by the ServiceLoader. */
    public PprofTraceEndpoint() {}

    @Override
    public HttpHandler handler() {
        return TraceHandler.handler();
    }
}
