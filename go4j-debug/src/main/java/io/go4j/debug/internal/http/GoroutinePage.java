package io.go4j.debug.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * GoroutinePage is the page at {@code goroutines.html}: every goroutine, identical stacks grouped
 * with their count, states, longest wait and labels, filterable by state, label and free text and
 * sorted by count or longest wait. The goroutines are embedded in the page as the JSON document
 * of {@code GoroutineDump}; the page's script groups, filters and draws them in the browser.
 *
 * <p>The page is one self-contained response: its style and script are inline, it loads nothing
 * (no CDN, no font, not even a favicon), and its Content-Security-Policy allows exactly its own
 * style and script by their SHA-256 and nothing else, so a change that makes it fetch anything
 * shows up as a console error in {@code GoroutinePageChromiumTest}.
 *
 * <p>The page honours {@code ?state=S&label=K=V&q=TEXT&sort=count|wait} in its address, and
 * keeps the address in step with its filter, so that a filtered view can be linked to.
 */
final class GoroutinePage {

    /*
     * Implementation notes
     *
     * 1. The JSON is put in a <script type="application/json">, which the browser never runs and
     *    the script reads with JSON.parse. The only text that could end that element early is
     *    "</script"; JSON has '<' only inside strings, where "\u003c" means the same, so every
     *    '<' is written as "\u003c" and no label or frame can break out of the element.
     * 2. The script builds the DOM with textContent, never innerHTML, so data is never markup.
     * 3. The template, style and script are read once from this package's resources; a missing
     *    resource is a broken build, and fails the class's initialisation loudly.
     */

    /** The policy: the page's own style and script by hash, images only as data: URLs. */
    static final String CONTENT_SECURITY_POLICY;

    private static final String BEFORE_DATA;
    private static final String AFTER_DATA;

    static {
        String template = resource("goroutines.html");
        String style = resource("goroutines.css");
        String script = resource("goroutines.js");
        String page = template.replace("@@STYLE@@", style).replace("@@SCRIPT@@", script);
        int data = page.indexOf("@@DATA@@");
        if (data < 0 || page.indexOf("@@DATA@@", data + 1) >= 0) {
            throw new IllegalStateException("goroutines.html must have exactly one @@DATA@@");
        }
        BEFORE_DATA = page.substring(0, data);
        AFTER_DATA = page.substring(data + "@@DATA@@".length());
        CONTENT_SECURITY_POLICY = "default-src 'none'; script-src '" + sha256(script) + "'; style-src '"
                + sha256(style) + "'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'self'";
    }

    private GoroutinePage() {}

    /**
     * Renders the page around the goroutines' JSON document.
     *
     * @param json the JSON document, as {@code GoroutineDump} writes it
     * @return the HTML
     */
    static String render(CharSequence json) {
        StringBuilder b = new StringBuilder(BEFORE_DATA.length() + json.length() + AFTER_DATA.length() + 64);
        b.append(BEFORE_DATA);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '<') {
                b.append("\\u003c");
            } else {
                b.append(c);
            }
        }
        return b.append(AFTER_DATA).toString();
    }

    private static String resource(String name) {
        try (InputStream in = GoroutinePage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + GoroutinePage.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
