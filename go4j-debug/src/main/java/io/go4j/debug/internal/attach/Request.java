package io.go4j.debug.internal.attach;

import java.nio.file.Path;

/**
 * Request is what the attach command asks of its agent in the target JVM, carried in the agent's
 * argument string: the dump's format and options, and the file to write the reply to.
 *
 * <p>Encoding: {@code go4j-dump/1;format=FULL;exact=false;blockers=false;other=true;all=false;out=PATH},
 * {@code out} last so that the path may hold any character. The reply file starts with one status
 * line, {@link #OK} or {@link #ERROR}, then the dump or the error's message, in UTF-8.
 *
 * <p>Uses nothing from go4j-core: the attach command and the agent's first class load without it.
 *
 * @param format     {@code FULL}, {@code GROUPED} or {@code JSON}
 * @param exactWaits print exact waits
 * @param blockers   print blockers
 * @param other      list the platform threads go4j has not seen wait
 * @param allFrames  print every frame and the system threads
 * @param out        the reply file
 */
public record Request(String format, boolean exactWaits, boolean blockers, boolean other, boolean allFrames,
                      Path out) {
    /** The protocol's name and version, first in the argument string. */
    public static final String PROTOCOL = "go4j-dump/1";
    /** The reply's status line when the dump follows. */
    public static final String OK = "go4j-dump ok";
    /** The reply's status line when an error message follows. */
    public static final String ERROR = "go4j-dump error";

    /**
     * Returns the agent argument string.
     *
     * @return the encoding
     */
    public String encode() {
        return PROTOCOL + ";format=" + format + ";exact=" + exactWaits + ";blockers=" + blockers + ";other=" + other
                + ";all=" + allFrames + ";out=" + out;
    }

    /**
     * Reads an agent argument string.
     *
     * @param args the string {@link #encode()} made
     * @return the request
     * @throws IllegalArgumentException if it is not one
     */
    public static Request decode(String args) {
        if (args == null || !args.startsWith(PROTOCOL + ";")) {
            throw new IllegalArgumentException("go4j attach: unknown agent arguments " + args);
        }
        int outAt = args.indexOf(";out=");
        if (outAt < 0) {
            throw new IllegalArgumentException("go4j attach: agent arguments without out=");
        }
        String format = null;
        boolean exact = false;
        boolean blockers = false;
        boolean other = false;
        boolean all = false;
        for (String kv : args.substring(PROTOCOL.length() + 1, outAt).split(";")) {
            int eq = kv.indexOf('=');
            String k = eq < 0 ? kv : kv.substring(0, eq);
            String v = eq < 0 ? "" : kv.substring(eq + 1);
            switch (k) {
                case "format" -> format = v;
                case "exact" -> exact = Boolean.parseBoolean(v);
                case "blockers" -> blockers = Boolean.parseBoolean(v);
                case "other" -> other = Boolean.parseBoolean(v);
                case "all" -> all = Boolean.parseBoolean(v);
                default -> throw new IllegalArgumentException("go4j attach: unknown agent argument " + kv);
            }
        }
        if (format == null) {
            throw new IllegalArgumentException("go4j attach: agent arguments without format=");
        }
        return new Request(format, exact, blockers, other, all, Path.of(args.substring(outAt + ";out=".length())));
    }
}
