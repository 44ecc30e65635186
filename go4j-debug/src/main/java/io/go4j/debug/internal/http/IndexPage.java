package io.go4j.debug.internal.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * IndexPage is the page at {@code /debug/pprof/}: Go 1.19's index, byte for byte in its structure
 * (a table of counts and links with {@code ?debug=1}, the full-dump link, the descriptions), with
 * go4j's pages listed after it.
 *
 * <p>It lists the profiles the runtime has, then {@code cmdline} and {@code profile} with a
 * count of 0, sorted by name, as Go does; {@code trace} too when go4j-trace is present to serve
 * it (without it the link would only answer 501, so it is left out).
 */
final class IndexPage {

    /*
     * Implementation notes
     *
     * 1. The markup is Go's template's output, not something like it: people diff the two pages,
     *    and scrapers that look for the profile links (href='NAME?debug=1') find them where Go
     *    puts them. GoPprofConformanceTest compares the page's skeleton with a real Go server's.
     * 2. The descriptions of Go's profiles are Go's texts, the ones users know from Go's page;
     *    goroutineleak's (Go 1.26's profile, newer than the Go 1.19 this page follows) is ours.
     */

    /** The profiles served by the handler itself rather than by the runtime's profile list. */
    static final List<String> HANDLER_PROFILES = List.of("cmdline", "profile");

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "allocs", "A sampling of all past memory allocations",
            "block", "Stack traces that led to blocking on synchronization primitives",
            "cmdline", "The command line invocation of the current program",
            "goroutine", "Stack traces of all current goroutines",
            "goroutineleak", "Stack traces of goroutines blocked for ever on primitives that no live goroutine can reach",
            "heap", "A sampling of memory allocations of live objects. You can specify the gc GET parameter to run GC before taking the heap sample.",
            "mutex", "Stack traces of holders of contended mutexes",
            "profile", "CPU profile. You can specify the duration in the seconds GET parameter. After you get the profile file, use the go tool pprof command to investigate the profile.",
            "threadcreate", "Stack traces that led to the creation of new OS threads",
            "trace", "A trace of execution of the current program. You can specify the duration in the seconds GET parameter. After you get the trace file, use the go tool trace command to investigate the trace.");

    private IndexPage() {}

    /**
     * Renders the page.
     *
     * @param profiles the runtime's profiles with their counts, in any order
     * @return the HTML
     */
    static String render(List<Diagnostics.ProfileCount> profiles) {
        return render(profiles, false);
    }

    /**
     * Renders the page, listing {@code trace} too if {@code trace} is true.
     *
     * @param profiles the runtime's profiles with their counts, in any order
     * @param trace    whether {@code /debug/pprof/trace} is served (go4j-trace is present)
     * @return the HTML
     */
    static String render(List<Diagnostics.ProfileCount> profiles, boolean trace) {
        List<Diagnostics.ProfileCount> all = new ArrayList<>(profiles);
        for (String name : HANDLER_PROFILES) {
            all.add(new Diagnostics.ProfileCount(name, 0));
        }
        if (trace) {
            all.add(new Diagnostics.ProfileCount("trace", 0));
        }
        all.sort(Comparator.comparing(Diagnostics.ProfileCount::name));

        StringBuilder b = new StringBuilder(4096);
        b.append("""
                <html>
                <head>
                <title>/debug/pprof/</title>
                <style>
                .profile-name{
                \tdisplay:inline-block;
                \twidth:6rem;
                }
                </style>
                </head>
                <body>
                /debug/pprof/<br>
                <br>
                Types of profiles available:
                <table>
                <thead><td>Count</td><td>Profile</td></thead>
                """);
        for (Diagnostics.ProfileCount p : all) {
            b.append("<tr><td>").append(p.count()).append("</td><td><a href='")
                    .append(pathEscape(p.name())).append("?debug=1'>").append(htmlEscape(p.name()))
                    .append("</a></td></tr>\n");
        }
        b.append("""
                </table>
                <a href="goroutine?debug=2">full goroutine stack dump</a>
                <br>
                <p>
                Profile Descriptions:
                <ul>
                """);
        for (Diagnostics.ProfileCount p : all) {
            b.append("<li><div class=profile-name>").append(htmlEscape(p.name())).append(": </div> ")
                    .append(htmlEscape(DESCRIPTIONS.getOrDefault(p.name(), ""))).append("</li>\n");
        }
        b.append("""
                </ul>
                </p>
                <p>
                go4j:
                <ul>
                <li><a href="goroutines.html">goroutines</a>: identical stacks grouped with their counts, states, longest waits and labels; filter by state, label or text, sort by count or longest wait</li>
                <li><a href="goroutines.json">goroutines.json</a>: every goroutine as JSON, for tools</li>
                <li><a href="schedlatency">schedlatency</a>: scheduling latency, the time goroutines spent runnable before running (Go's /sched/latencies:seconds), while SchedLatency is enabled; <a href="schedlatency?format=json">as JSON</a></li>
                </ul>
                </p>
                </body>
                </html>""");
        return b.toString();
    }

    /**
     * Escapes text for HTML as Go's {@code html.EscapeString} does.
     *
     * @param s the text
     * @return the escaped text
     */
    static String htmlEscape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '\'' -> b.append("&#39;");
                case '"' -> b.append("&#34;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Percent-encodes all but the characters a path segment may hold unescaped. */
    private static String pathEscape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (byte c : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return b.toString();
    }
}
