/**
 * HTTP handlers with a request context, as Go's {@code net/http} gives every request a
 * {@code context.Context} ({@code r.Context()}) that is cancelled when the client goes away or the
 * handler returns.
 *
 * <ul>
 *   <li>{@link io.go4j.http.GoHttpServer#handler(io.go4j.http.RequestHandler)}: a
 *       {@code com.sun.net.httpserver.HttpHandler} that runs each request in a goroutine;</li>
 *   <li>{@link io.go4j.http.GoHttpServer#timeoutHandler}: Go's {@code http.TimeoutHandler};</li>
 *   <li>{@link io.go4j.http.GoContextFilter}: a Jakarta Servlet filter that runs each request in a
 *       goroutine with a context ({@link io.go4j.http.GoContextFilter#context});</li>
 *   <li>{@link io.go4j.http.GoTimeoutFilter}: Go's {@code http.TimeoutHandler} for the servlet
 *       filter's requests.</li>
 * </ul>
 *
 * <p>What ends a request's context, and with what cause ({@code Context.cause(ctx)}):
 * <ul>
 *   <li>the handler returns or throws: {@code Canceled};</li>
 *   <li>a write or flush of the response fails because the client closed its connection:
 *       {@link io.go4j.http.ClientDisconnected}, with the I/O error as its cause;</li>
 *   <li>the server's base context ends (for {@code GoHttpServer}): the base context's cause;</li>
 *   <li>for the servlet filter, also the container reporting an error on the request
 *       ({@code AsyncListener.onError}): {@link io.go4j.http.ClientDisconnected}.</li>
 * </ul>
 * What is not detectable: a client that disconnects while the handler computes and writes
 * nothing. Neither the JDK's server nor the Servlet API tells a handler that a connection closed
 * until it writes (Go's server learns it from a background read of the connection, which these
 * APIs do not expose). A handler that works long before writing should bound its work with a
 * deadline ({@link io.go4j.http.GoHttpServer#timeoutHandler},
 * {@link io.go4j.http.GoTimeoutFilter}), or flush early and periodically.
 */
package io.go4j.http;
