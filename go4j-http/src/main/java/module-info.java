/**
 * go4j-http: HTTP handlers with a request context. {@code GoHttpServer} serves each request of
 * the JDK's {@code com.sun.net.httpserver} in a goroutine with a go4j {@code Context}, and has Go's
 * {@code http.TimeoutHandler}; {@code GoContextFilter} and {@code GoTimeoutFilter} do the same
 * for a Jakarta Servlet 6 container. The Servlet API is optional: the container supplies it.
 */
module io.go4j.http {
    requires transitive io.go4j;
    requires transitive jdk.httpserver;
    requires static jakarta.servlet;

    exports io.go4j.http;
}
