package io.go4j.debug.internal;

import com.sun.net.httpserver.HttpHandler;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * TraceEndpoint is the seam through which go4j-trace serves {@code /debug/pprof/trace} on
 * go4j-debug's server: go4j-trace depends on go4j-debug, so go4j-debug finds the tracer's handler
 * with {@link ServiceLoader} instead of depending on it. With go4j-trace on the class or module
 * path, the endpoint is its {@code TraceHandler} (the trace streamed into the response while it
 * records); without it, the endpoint answers 501 naming go4j-trace, and the index page does not
 * list it.
 */
public interface TraceEndpoint {

    /**
     * Returns the handler of {@code /debug/pprof/trace?seconds=N}.
     *
     * @return the handler
     */
    HttpHandler handler();

    /**
     * Returns the handler of the first TraceEndpoint found, if any; looked up once.
     *
     * @return the handler, or empty without go4j-trace
     */
    static Optional<HttpHandler> find() {
        return Holder.HANDLER;
    }

    /** The lookup, done once, when the endpoint is first needed. */
    final class Holder {
        static final Optional<HttpHandler> HANDLER = ServiceLoader.load(TraceEndpoint.class, TraceEndpoint.class.getClassLoader())
                .findFirst().map(TraceEndpoint::handler);

        private Holder() {}
    }
}
