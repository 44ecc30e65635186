package io.go4j.debug.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.debug.internal.http.PprofHttpServer;
import io.go4j.debug.testing.Exec;
import io.go4j.debug.testing.GoTool;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * go4j's {@code /debug/pprof} next to Go's own {@code net/http/pprof} (the Go on {@code PATH},
 * Debian's Go 1.19 in CI), both with a 10-second write timeout: the same requests must get the
 * same status, the same headers Go's tools read and the same error texts, and the index page the
 * same markup around its rows. go4j's side runs on a fake runtime, so this tests the HTTP layer only.
 */
@DisplayName("/debug/pprof next to Go's net/http/pprof")
class GoPprofConformanceTest {
    static final List<String> HEADERS = List.of("Content-Type", "Content-Disposition", "X-Content-Type-Options",
            "X-Go-Pprof", "Location");

    static Path dir;
    static Exec goServer;
    static String goBase;
    static PprofHttpServer ours;
    static String ourBase;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("go4j-gopprof-");
        try (InputStream in = GoPprofConformanceTest.class.getResourceAsStream("gopprof.go.txt")) {
            Files.write(dir.resolve("main.go"), in.readAllBytes());
        }
        Path binary = GoTool.build(dir, "gopprof");
        goServer = Exec.start(List.of(binary.toString()), dir, Map.of(), GoTool.BOUND);
        goServer.awaitStdout("\n");
        String address = goServer.stdout().lines().findFirst().orElseThrow();
        goBase = "http://" + address + "/debug/pprof/";
        ours = PprofHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofSeconds(10),
                new FakeDiagnostics());
        ourBase = "http://127.0.0.1:" + ours.address().getPort() + "/debug/pprof/";
    }

    @AfterAll
    static void stop() throws Exception {
        if (ours != null) {
            ours.close();
        }
        if (goServer != null) {
            goServer.close();
        }
        if (dir != null) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"goroutine", "goroutine?debug=1", "goroutine?debug=2", "block", "mutex?debug=1",
            "nosuch", "nosuch?debug=1", "block?seconds=abc", "block?seconds=-1", "block?seconds=0",
            "block?seconds=1&debug=1", "block?seconds=10", "goroutine?seconds=1", "goroutine?seconds=1&debug=2",
            "profile?seconds=10", "profile?seconds=3600", "cmdline"})
    @DisplayName("the same request gets the same status, the same headers and, for an error, the same text")
    void sameReply(String path) throws Exception {
        HttpResponse<byte[]> theirs = Http.get(goBase + path);
        HttpResponse<byte[]> mine = Http.get(ourBase + path);
        assertEquals(theirs.statusCode(), mine.statusCode(), path + ": Go said " + Http.text(theirs));
        for (String h : HEADERS) {
            assertEquals(Http.header(theirs, h), Http.header(mine, h), path + ": header " + h);
        }
        if (theirs.statusCode() != 200) {
            assertEquals(Http.text(theirs), Http.text(mine), path);
        }
    }

    @Test
    @DisplayName("the path without its slash is the same redirect")
    void sameRedirect() throws Exception {
        HttpResponse<byte[]> theirs = Http.get(goBase.substring(0, goBase.length() - 1));
        HttpResponse<byte[]> mine = Http.get(ourBase.substring(0, ourBase.length() - 1));
        assertEquals(theirs.statusCode(), mine.statusCode());
        assertEquals(Http.header(theirs, "Location"), Http.header(mine, "Location"));
        assertEquals(Http.text(theirs), Http.text(mine));
    }

    @Test
    @DisplayName("the index is Go's markup around the rows, with go4j's pages added after Go's descriptions")
    void sameIndex() throws Exception {
        String theirs = Http.text(Http.get(goBase));
        String mine = Http.text(Http.get(ourBase));
        Pattern row = Pattern.compile("<tr><td>\\d+</td><td><a href='([a-z]+)\\?debug=1'>\\1</a></td></tr>\n");
        Pattern item = Pattern.compile("<li><div class=profile-name>([a-z]+): </div> [^\n]*</li>\n");
        String go4jSection = "(?s)<p>\ngo4j:\n.*?</p>\n";
        assertEquals(skeleton(theirs, row, item), skeleton(mine.replaceFirst(go4jSection, ""), row, item));
        assertTrue(rows(mine, row) >= 6, mine);
        // The descriptions both pages have are word for word Go's.
        Matcher m = item.matcher(theirs);
        int same = 0;
        while (m.find()) {
            if (List.of("block", "cmdline", "goroutine", "mutex", "profile").contains(m.group(1))) {
                assertTrue(mine.contains(m.group()), "go4j's page lacks Go's " + m.group());
                same++;
            }
        }
        assertEquals(5, same, theirs);
    }

    static String skeleton(String page, Pattern row, Pattern item) {
        return item.matcher(row.matcher(page).replaceAll("ROW\n")).replaceAll("ITEM\n")
                .replaceAll("(ROW\n)+", "ROWS\n").replaceAll("(ITEM\n)+", "ITEMS\n");
    }

    static int rows(String page, Pattern row) {
        List<String> found = new ArrayList<>();
        Matcher m = row.matcher(page);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found.size();
    }
}
