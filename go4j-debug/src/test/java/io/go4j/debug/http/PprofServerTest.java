package io.go4j.debug.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.go4j.debug.PprofServer;
import io.go4j.debug.internal.http.PprofHttpServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link PprofServer}'s life: where it binds, what it serves without the profilers, how it stops. */
@DisplayName("PprofServer")
class PprofServerTest {

    @Test
    @DisplayName("start() binds the loopback address on an ephemeral port, and uri() names the index there")
    void bindsLoopback() throws Exception {
        try (PprofServer server = PprofServer.start()) {
            InetSocketAddress a = server.address();
            assertTrue(a.getAddress().isLoopbackAddress(), "bound " + a);
            assertTrue(a.getPort() > 0);
            assertEquals(URI.create("http://127.0.0.1:" + a.getPort() + "/debug/pprof/"), server.uri());
        }
    }

    @Test
    @DisplayName("start(port) binds the loopback address on that port, and a second server cannot take it")
    void bindsThePort() throws Exception {
        try (PprofServer first = PprofServer.start()) {
            int port = first.address().getPort();
            assertThrows(java.net.BindException.class, () -> PprofServer.start(port).close());
        }
    }

    @Test
    @DisplayName("cmdline serves this JVM's own command line, NUL-separated")
    void cmdlineOfThisJvm() throws Exception {
        try (PprofServer server = PprofServer.start()) {
            HttpResponse<byte[]> r = Http.get(server.uri().resolve("cmdline"));
            assertEquals(200, r.statusCode());
            ProcessHandle.Info info = ProcessHandle.current().info();
            List<String> expected = new ArrayList<>();
            expected.add(info.command().orElseThrow());
            expected.addAll(List.of(info.arguments().orElseThrow()));
            assertEquals(String.join("\0", expected), Http.text(r));
            assertTrue(Http.text(r).contains("java"), Http.text(r));
        }
    }

    @Test
    @DisplayName("a request for a profile of at least the write timeout is Go's 400")
    void writeTimeout() throws Exception {
        try (PprofServer server = PprofServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofSeconds(10))) {
            HttpResponse<byte[]> r = Http.get(server.uri().resolve("profile?seconds=10"));
            assertEquals(400, r.statusCode());
            assertEquals("profile duration exceeds server's WriteTimeout\n", Http.text(r));
        }
        assertThrows(IllegalArgumentException.class,
                () -> PprofServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ZERO));
    }

    @Test
    @DisplayName("close() ends a CPU profile in flight and returns within its bound; the port then refuses connections")
    void closeIsBounded() throws Exception {
        FakeDiagnostics fake = new FakeDiagnostics();
        CountDownLatch sampling = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        fake.cpu = out -> {
            sampling.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(5)); // a 5-minute profile, until interrupted
                interrupted.complete(false);
            } catch (InterruptedException e) {
                interrupted.complete(true);
                throw e;
            }
        };
        PprofHttpServer server = PprofHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, fake);
        URI profile = URI.create("http://127.0.0.1:" + server.address().getPort() + "/debug/pprof/profile?seconds=300");
        var client = Executors.newVirtualThreadPerTaskExecutor();
        try {
            var request = client.submit(() -> Http.get(profile));
            assertTrue(sampling.await(10, TimeUnit.SECONDS), "the profile never started");
            Duration bound = PprofHttpServer.GRACE.plus(PprofHttpServer.DRAIN).plusSeconds(2);
            assertTimeoutPreemptively(bound, server::close);
            assertTrue(interrupted.get(5, TimeUnit.SECONDS), "the profile's thread was not interrupted");
            var failure = assertThrows(java.util.concurrent.ExecutionException.class, () -> request.get(10, TimeUnit.SECONDS));
            assertTrue(failure.getCause() instanceof IOException, "the client sees the connection end: " + failure.getCause());
            assertThrows(ConnectException.class, () -> Http.get(profile));
            assertTimeoutPreemptively(Duration.ofSeconds(1), server::close, "closing twice does nothing");
        } finally {
            server.close();
            client.shutdownNow();
        }
    }

    @Test
    @DisplayName("mount() serves the pprof paths from an existing server, under the path given")
    void mount() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        assertEquals("/debug/pprof", PprofServer.mount(server, "/debug/pprof/").getPath());
        assertThrows(IllegalArgumentException.class, () -> PprofServer.mount(server, "debug/pprof"));
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/debug/pprof/";
            HttpResponse<byte[]> r = Http.get(base + "cmdline");
            assertEquals(200, r.statusCode());
            assertTrue(Http.text(r).contains("\0"), "NUL-separated arguments");
            HttpResponse<byte[]> bad = Http.get(base + "profile?seconds=abc");
            assertEquals(400, bad.statusCode(), "input is checked before the profiler is asked");
        } finally {
            server.stop(0);
        }
    }
}
