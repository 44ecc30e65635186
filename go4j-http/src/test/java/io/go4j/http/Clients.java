package io.go4j.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test clients and bounded waits for the HTTP tests: every wait fails the test instead of hanging. */
final class Clients {
    static final Duration WAIT = Duration.ofSeconds(20);

    private Clients() {}

    /**
     * Sends GET {@code path} on a raw connection, reads until the response has started, then
     * hangs up with a reset (linger 0): a client that goes away mid-response.
     */
    static void getAndHangUp(int port, String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout((int) WAIT.toMillis());
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            int first = in.read();   // the response has started
            assertTrue(first >= 0, "the server answered");
            s.setSoLinger(true, 0);
        }
    }

    static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), () -> what + " within " + WAIT);
    }
}
