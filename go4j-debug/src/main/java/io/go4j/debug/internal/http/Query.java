package io.go4j.debug.internal.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Query is a request's query string, decoded, with the parsing of the parameters
 * {@code /debug/pprof} knows ({@code debug}, {@code seconds}, and go4j's {@code format}). As Go's {@code FormValue}, a
 * parameter's value is its first occurrence's, and an absent parameter reads as "".
 *
 * <p>Unlike Go, which reads an unparsable {@code debug} or CPU {@code seconds} as its default, a
 * value that is present but wrong is refused with a {@link BadRequest} that names the parameter:
 * a typo should not silently give a 30-second binary profile.
 */
final class Query {
    /** Go's message for a bad {@code seconds} (its delta profiles' check). */
    static final String BAD_SECONDS = "invalid value for \"seconds\" - must be a positive integer";
    /** The message for a bad {@code debug}; Go has none (it reads it as 0). */
    static final String BAD_DEBUG = "invalid value for \"debug\" - must be a non-negative integer";
    /** The message for a bad {@code format} (go4j's pages only). */
    static final String BAD_FORMAT = "invalid value for \"format\" - must be text or json";

    private final Map<String, String> first;

    private Query(Map<String, String> first) {
        this.first = first;
    }

    /**
     * Parses a raw (still percent-encoded) query string.
     *
     * @param raw the query, without the {@code ?}; null for none
     * @return the query
     * @throws BadRequest if it has a malformed percent escape
     */
    static Query parse(String raw) throws BadRequest {
        Map<String, String> first = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return new Query(first);
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            first.putIfAbsent(key, value);
        }
        return new Query(first);
    }

    /**
     * Returns the parameter's value, "" if absent (Go's {@code FormValue}).
     *
     * @param key the parameter
     * @return its first value, or ""
     */
    String get(String key) {
        return first.getOrDefault(key, "");
    }

    /**
     * Returns {@code debug}: 0 when absent or empty.
     *
     * @return the value, at least 0
     * @throws BadRequest if it is not a non-negative integer
     */
    int debug() throws BadRequest {
        String s = get("debug");
        if (s.isEmpty()) {
            return 0;
        }
        try {
            int debug = Integer.parseInt(s);
            if (debug >= 0) {
                return debug;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadRequest(BAD_DEBUG);
    }

    /**
     * Returns {@code seconds} as a duration, or {@code absent} when the parameter is absent or
     * empty.
     *
     * @param absent the default
     * @return the duration
     * @throws BadRequest with Go's message if it is not a positive integer
     */
    Duration seconds(Duration absent) throws BadRequest {
        String s = get("seconds");
        if (s.isEmpty()) {
            return absent;
        }
        try {
            long seconds = Long.parseLong(s);
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadRequest(BAD_SECONDS);
    }

    /**
     * Returns whether {@code format} asks for JSON: {@code json}; {@code text}, empty or absent
     * ask for text.
     *
     * @return true for JSON
     * @throws BadRequest if it is anything else
     */
    boolean json() throws BadRequest {
        return switch (get("format")) {
            case "", "text" -> false;
            case "json" -> true;
            default -> throw new BadRequest(BAD_FORMAT);
        };
    }

    private static String decode(String s) throws BadRequest {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("invalid query: " + e.getMessage());
        }
    }
}
