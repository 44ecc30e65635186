package io.go4j.trace.internal.analysis;

import io.go4j.debug.internal.GoDuration;
import io.go4j.trace.analysis.Rule;
import io.go4j.trace.analysis.RuleSyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RuleParser reads the text form of rules (the grammar is in the module's README and in
 * {@link io.go4j.trace.analysis.Rules#parse}): line-oriented, one clause a line, {@code #}
 * comments; every error names its line and column.
 */
public final class RuleParser {
    /*
     * Implementation notes.
     *
     * 1. A hand-written lexer and recursive-descent parser over one line at a time: the
     *    grammar is LL(1) per line, so each error can say what it expected and what it found.
     * 2. Semantic checks (an unbound $var, an empty gap, a bad confidence) are the Builder's;
     *    its IllegalArgumentException or IllegalStateException is re-thrown here with the
     *    position of the clause that caused it.
     */

    private enum T { WORD, STRING, NUMBER, DURATION, VAR, OP, COMMA, RANGE, EQUALS, END }

    private record Tok(T type, String text, int col) {}

    private static final String ATTRS = String.join(", ",
            java.util.Arrays.stream(Rule.Attr.values()).map(Rule.Attr::word).toList());

    private final String source;
    private int lineNo;
    private List<Tok> toks;
    private int i;

    private RuleParser(String source) {
        this.source = source;
    }

    /**
     * Parses {@code text}.
     *
     * @param source the text's name, for messages
     * @param text   the rules
     * @return the rules, in order
     * @throws RuleSyntaxException at the first error
     */
    public static List<Rule> parse(String source, String text) {
        return new RuleParser(source).rules(text);
    }

    private List<Rule> rules(String text) {
        List<Rule> out = new ArrayList<>();
        Rule.Builder b = null;
        String[] lines = text.split("\r?\n", -1);
        for (lineNo = 1; lineNo <= lines.length; lineNo++) {
            toks = lex(lines[lineNo - 1]);
            i = 0;
            if (peek().type() == T.END) {
                continue;
            }
            Tok head = word("'rule', 'step', 'not', 'describe', 'confidence', 'window' or 'end'");
            try {
                switch (head.text()) {
                    case "rule" -> {
                        if (b != null) {
                            throw error(head, "'rule' inside a rule: the previous one has no 'end'");
                        }
                        Tok name = word("a rule name");
                        b = Rule.named(name.text());
                    }
                    case "end" -> {
                        out.add(open(b, head).build());
                        b = null;
                    }
                    case "describe" -> open(b, head).describe(expect(T.STRING, "a \"quoted\" description").text());
                    case "confidence" -> {
                        Tok n = expect(T.NUMBER, "a number in (0, 1]");
                        open(b, head).confidence(Double.parseDouble(n.text()));
                    }
                    case "window" -> open(b, head).window(Duration.ofNanos(duration()));
                    case "step" -> clause(open(b, head).step(event()), true);
                    case "not" -> clause(open(b, head).not(event()), false);
                    default -> throw error(head, "expected 'rule', 'step', 'not', 'describe', 'confidence', 'window' "
                            + "or 'end', found '" + head.text() + "'");
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                if (e instanceof RuleSyntaxException) {
                    throw e;
                }
                throw error(head, e.getMessage());
            }
            if (peek().type() != T.END) {
                throw error(peek(), "unexpected '" + peek().text() + "' at the end of the clause");
            }
        }
        if (b != null) {
            throw new RuleSyntaxException(source, lines.length, 1, "the last rule has no 'end'");
        }
        return out;
    }

    private Rule.Builder open(Rule.Builder b, Tok at) {
        if (b == null) {
            throw error(at, "'" + at.text() + "' outside a rule: start one with 'rule <name>'");
        }
        return b;
    }

    private void clause(Rule.Builder b, boolean step) {
        if (peekWord("where")) {
            next();
            do {
                Tok at = peek();
                Rule.Attr attr = attr();
                Tok op = expect(T.OP, "an operator (== != < <= > >= ~)");
                Object value = value();
                try {
                    b.where(attr, op(op), value);
                } catch (IllegalArgumentException e) {
                    throw error(at, e.getMessage());
                }
            } while (peekWord("and") && next() != null);
        }
        if (peekWord("bind")) {
            Tok bind = next();
            if (!step) {
                throw error(bind, "a 'not' binds no variable");
            }
            do {
                Tok v = expect(T.VAR, "a $variable");
                expect(T.EQUALS, "'='");
                b.bind(v.text(), attr());
            } while (peek().type() == T.COMMA && next() != null);
        }
        if (peekWord("gap")) {
            next();
            long min = duration();
            expect(T.RANGE, "'..' between the gap's minimum and maximum");
            long max = duration();
            b.gap(Duration.ofNanos(min), Duration.ofNanos(max));
        }
        if (peekWord("times")) {
            next();
            Tok n = expect(T.NUMBER, "a count");
            long within = 0;
            if (peekWord("within")) {
                next();
                within = duration();
            }
            b.times(Integer.parseInt(n.text()), within == 0 ? null : Duration.ofNanos(within));
        }
    }

    private Rule.Event event() {
        Tok t = word("an event (create, start, block, unblock, end, yield, user, any)");
        for (Rule.Event e : Rule.Event.values()) {
            if (e.word().equals(t.text())) {
                return e;
            }
        }
        throw error(t, "expected an event (create, start, block, unblock, end, yield, user, any), found '"
                + t.text() + "'");
    }

    private Rule.Attr attr() {
        Tok t = word("an attribute (" + ATTRS + ")");
        for (Rule.Attr a : Rule.Attr.values()) {
            if (a.word().equals(t.text())) {
                return a;
            }
        }
        throw error(t, "expected an attribute (" + ATTRS + "), found '" + t.text() + "'");
    }

    private static Rule.Op op(Tok t) {
        for (Rule.Op o : Rule.Op.values()) {
            if (o.symbol().equals(t.text())) {
                return o;
            }
        }
        throw new IllegalStateException(t.text());
    }

    private Object value() {
        Tok t = next();
        return switch (t.type()) {
            case STRING -> t.text();
            case NUMBER -> {
                try {
                    yield Long.parseLong(t.text());
                } catch (NumberFormatException e) {
                    throw error(t, "expected a whole number, found '" + t.text() + "'");
                }
            }
            case DURATION -> nanos(t);
            case VAR -> new Rule.Var(t.text());
            default -> throw error(t, "expected a value (\"text\", a number, a duration, a $variable), found "
                    + describe(t));
        };
    }

    private long duration() {
        Tok t = next();
        if (t.type() == T.NUMBER && t.text().equals("0")) {
            return 0;
        }
        if (t.type() != T.DURATION) {
            throw error(t, "expected a duration (e.g. 10ms, 1.5s), found " + describe(t));
        }
        return nanos(t);
    }

    private long nanos(Tok t) {
        try {
            return GoDuration.parseNanos(t.text());
        } catch (IllegalArgumentException e) {
            throw error(t, e.getMessage());
        }
    }

    // Tokens

    private Tok peek() {
        return toks.get(i);
    }

    private boolean peekWord(String w) {
        return peek().type() == T.WORD && peek().text().equals(w);
    }

    private Tok next() {
        Tok t = toks.get(i);
        if (t.type() != T.END) {
            i++;
        }
        return t;
    }

    private Tok word(String what) {
        return expect(T.WORD, what);
    }

    private Tok expect(T type, String what) {
        Tok t = next();
        if (t.type() != type) {
            throw error(t, "expected " + what + ", found " + describe(t));
        }
        return t;
    }

    private static String describe(Tok t) {
        return t.type() == T.END ? "the end of the line" : "'" + t.text() + "'";
    }

    private RuleSyntaxException error(Tok at, String message) {
        return new RuleSyntaxException(source, lineNo, at.col(), message);
    }

    private List<Tok> lex(String line) {
        List<Tok> out = new ArrayList<>();
        int n = line.length();
        int p = 0;
        while (p < n) {
            char c = line.charAt(p);
            int col = p + 1;
            if (Character.isWhitespace(c)) {
                p++;
            } else if (c == '#') {
                break;
            } else if (c == '"') {
                StringBuilder s = new StringBuilder();
                p++;
                while (p < n && line.charAt(p) != '"') {
                    if (line.charAt(p) == '\\' && p + 1 < n) {
                        p++;
                    }
                    s.append(line.charAt(p++));
                }
                if (p >= n) {
                    throw new RuleSyntaxException(source, lineNo, col, "unterminated string");
                }
                p++;
                out.add(new Tok(T.STRING, s.toString(), col));
            } else if (c == '$') {
                int s = ++p;
                while (p < n && (Character.isLetterOrDigit(line.charAt(p)) || line.charAt(p) == '_')) {
                    p++;
                }
                if (p == s) {
                    throw new RuleSyntaxException(source, lineNo, col, "expected a variable name after '$'");
                }
                out.add(new Tok(T.VAR, line.substring(s, p), col));
            } else if (Character.isDigit(c)) {
                int s = p;
                while (p < n && (Character.isDigit(line.charAt(p)) || line.charAt(p) == '.' && p + 1 < n
                        && Character.isDigit(line.charAt(p + 1)))) {
                    p++;
                }
                int numEnd = p;
                while (p < n && (Character.isLetter(line.charAt(p)) || line.charAt(p) == 'µ')) {
                    p++;
                }
                if (p > numEnd) {
                    while (p < n && (Character.isLetterOrDigit(line.charAt(p)) || line.charAt(p) == '.'
                            && p + 1 < n && Character.isDigit(line.charAt(p + 1)) || line.charAt(p) == 'µ')) {
                        p++;   // 1m30s
                    }
                    out.add(new Tok(T.DURATION, line.substring(s, p), col));
                } else {
                    out.add(new Tok(T.NUMBER, line.substring(s, p), col));
                }
            } else if (Character.isLetter(c)) {
                int s = p;
                while (p < n && (Character.isLetterOrDigit(line.charAt(p)) || "-_.".indexOf(line.charAt(p)) >= 0)) {
                    p++;
                }
                out.add(new Tok(T.WORD, line.substring(s, p).toLowerCase(Locale.ROOT).equals(line.substring(s, p))
                        ? line.substring(s, p) : line.substring(s, p), col));
            } else if (line.startsWith("..", p)) {
                out.add(new Tok(T.RANGE, "..", col));
                p += 2;
            } else if (c == ',') {
                out.add(new Tok(T.COMMA, ",", col));
                p++;
            } else if (line.startsWith("==", p) || line.startsWith("!=", p) || line.startsWith("<=", p)
                    || line.startsWith(">=", p)) {
                out.add(new Tok(T.OP, line.substring(p, p + 2), col));
                p += 2;
            } else if (c == '<' || c == '>' || c == '~') {
                out.add(new Tok(T.OP, String.valueOf(c), col));
                p++;
            } else if (c == '=') {
                out.add(new Tok(T.EQUALS, "=", col));
                p++;
            } else {
                throw new RuleSyntaxException(source, lineNo, col, "unexpected character '" + c + "'");
            }
        }
        out.add(new Tok(T.END, "", n + 1));
        return out;
    }
}
