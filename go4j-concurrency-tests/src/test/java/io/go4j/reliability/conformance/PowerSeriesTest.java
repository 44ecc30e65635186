package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static io.go4j.reliability.conformance.Conformance.recv;
import static io.go4j.reliability.conformance.Conformance.send;
import static io.go4j.reliability.conformance.Conformance.untilCancelled;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.Chan;
import io.go4j.Select;
import io.go4j.context.CancelContext;
import io.go4j.context.Context;
import io.go4j.reliability.Mode;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Power series computed by networks of goroutines, each coefficient produced on demand and
 * passed as an exact rational number, give the coefficients mathematics gives, including series
 * defined in terms of themselves through feedback loops.
 *
 * <p>Mirrors Go's {@code test/chan/powser1.go} (after McIlroy's "Squinting at Power Series"): a
 * power series is a goroutine that answers each request on one channel with the next
 * coefficient on another; operators (sum, scalar product, product, derivative, integral,
 * substitution of c x^k, composition, reciprocal, exponential) are goroutines reading their
 * operands' series; a series used twice is split by a goroutine that buffers, with a select over
 * both consumers' requests and the source's answer, what one consumer has seen and the other has
 * not yet. Go checks 1/(1-x) and its sum, difference, scalar product, derivative, integral,
 * square, exponential and arctangent. This test checks those and more, each against values
 * derived independently (the identity, formula or recurrence is stated where it is checked):
 * sin and cos as the mutual feedback loop S = integral of C, C = 1 - integral of S; tan = sin
 * times the reciprocal of cos against the ODE t' = 1 + t^2; e^x e^-x = 1; reciprocals and
 * compositions that give the Fibonacci numbers. Cancelling the network's context ends all its
 * goroutines.
 */
@GoLeakCheck
class PowerSeriesTest {

    /** Coefficients checked per series. */
    private static final int N = Mode.pick(20, 40);

    // ---------------------------------------------------------------------------------------------
    // The checks

    @Test
    @DisplayName("1/(1-x) and its sum, difference and scalar products: 1, 2, -1, -2 throughout")
    void linearOperations() {
        check(net -> {
            Series ones = net.ones();
            return List.of(
                    expect("Ones", ones, n -> Rat.of(1)),
                    expect("Ones + Ones", net.add(net.ones(), net.ones()), n -> Rat.of(2)),
                    expect("Ones - 2 Ones", net.sub(net.ones(), net.cmul(Rat.of(2), net.ones())), n -> Rat.of(-1)),
                    expect("-1 * 2 Ones", net.cmul(Rat.of(-1), net.cmul(Rat.of(2), net.ones())), n -> Rat.of(-2)));
        });
    }

    @Test
    @DisplayName("derivative, integral and square of 1/(1-x): n+1, 1/n (-ln(1-x)), n+1")
    void calculusOnOnes() {
        check(net -> List.of(
                // d/dx 1/(1-x) = 1/(1-x)^2 = sum (n+1) x^n
                expect("Diff(Ones)", net.diff(net.ones()), n -> Rat.of(n + 1)),
                // integral of 1/(1-x) from 0 = -ln(1-x) = sum x^n / n
                expect("Integ(0, Ones)", net.integ(Rat.of(0), net.ones()), n -> n == 0 ? Rat.of(0) : Rat.of(1, n)),
                // (1/(1-x))^2 = sum (n+1) x^n
                expect("Ones * Ones", net.mul(net.ones(), net.ones()), n -> Rat.of(n + 1))));
    }

    @Test
    @DisplayName("exp of 1/(1-x), through a feedback loop, is exp(x/(1-x)): a(n)/n! with a(n) = (2n-1)a(n-1) - (n-1)(n-2)a(n-2)")
    void exponentialThroughFeedback() {
        // Exp(U) ignores U's constant term, so Exp(Ones) = exp(x/(1-x)) = sum a(n) x^n / n!, where
        // a(n) counts sets of lists (OEIS A000262): 1, 1, 3, 13, 73, 501, 4051, 37633, ...
        List<BigInteger> a = new ArrayList<>(List.of(BigInteger.ONE, BigInteger.ONE));
        for (int n = 2; n < N; n++) {
            a.add(BigInteger.valueOf(2L * n - 1).multiply(a.get(n - 1))
                    .subtract(BigInteger.valueOf((long) (n - 1) * (n - 2)).multiply(a.get(n - 2))));
        }
        assertEquals(List.of(1, 1, 3, 13, 73, 501, 4051, 37633), a.subList(0, 8).stream().map(BigInteger::intValue).toList());
        check(net -> List.of(
                expect("Exp(Ones)", net.exp(net.ones()), n -> new Rat(a.get(n), factorial(n))),
                // exp(x) = sum x^n / n!
                expect("Exp(x)", net.exp(net.poly(Rat.of(0), Rat.of(1))), n -> new Rat(BigInteger.ONE, factorial(n))),
                // exp(x) exp(-x) = 1
                expect("Exp(x) * Exp(-x)", net.mul(net.exp(net.poly(Rat.of(0), Rat.of(1))), net.exp(net.poly(Rat.of(0), Rat.of(-1)))),
                        n -> Rat.of(n == 0 ? 1 : 0))));
    }

    @Test
    @DisplayName("arctan x as the integral of 1/(1+x^2): 0, 1, 0, -1/3, 0, 1/5, ...")
    void arctangent() {
        // 1/(1+x^2) is 1/(1-y) with y = -x^2; its integral from 0 is arctan x = sum (-1)^k x^(2k+1) / (2k+1)
        check(net -> List.of(expect("Integ(0, MonSubst(Ones, -1, 2))",
                net.integ(Rat.of(0), net.monSubst(net.ones(), Rat.of(-1), 2)),
                n -> n % 2 == 0 ? Rat.of(0) : Rat.of((n / 2) % 2 == 0 ? 1 : -1, n))));
    }

    @Test
    @DisplayName("sin and cos as a mutual feedback loop S = Integ(0, C), C = Integ(1, -S): (-1)^k/(2k+1)! and (-1)^k/(2k)!")
    void sineAndCosineThroughMutualFeedback() {
        check(net -> {
            Series[] sc = net.sinCos();
            return List.of(
                    expect("sin", sc[0], n -> n % 2 == 0 ? Rat.of(0) : new Rat(sign(n / 2), factorial(n))),
                    expect("cos", sc[1], n -> n % 2 == 1 ? Rat.of(0) : new Rat(sign(n / 2), factorial(n))));
        });
    }

    @Test
    @DisplayName("tan = sin * (1/cos) solves t' = 1 + t^2: 0, 1, 0, 1/3, 0, 2/15, 0, 17/315, 0, 62/2835, ...")
    void tangentFromSineAndReciprocalOfCosine() {
        // t(0) = 0 and t' = 1 + t^2 give (n+1) t(n+1) = [n = 0] + sum_{k=0..n} t(k) t(n-k)
        List<Rat> t = new ArrayList<>(List.of(Rat.of(0)));
        for (int n = 0; n + 1 < N; n++) {
            Rat s = Rat.of(n == 0 ? 1 : 0);
            for (int k = 0; k <= n; k++) {
                s = s.add(t.get(k).mul(t.get(n - k)));
            }
            t.add(s.div(Rat.of(n + 1)));
        }
        assertEquals(List.of(Rat.of(0), Rat.of(1), Rat.of(0), Rat.of(1, 3), Rat.of(0), Rat.of(2, 15),
                Rat.of(0), Rat.of(17, 315), Rat.of(0), Rat.of(62, 2835)), t.subList(0, 10));
        check(net -> {
            // two loops, one for sin and one for cos: each series has one consumer (the loop's
            // other output is never read; its splitter buffers no more than N coefficients)
            Series sin = net.sinCos()[0];
            Series cos = net.sinCos()[1];
            return List.of(expect("sin * Recip(cos)", net.mul(sin, net.recip(cos)), t::get));
        });
    }

    @Test
    @DisplayName("reciprocals: 1/(1/(1-x)) = 1 - x, and 1/(1 - x - x^2) gives the Fibonacci numbers")
    void reciprocals() {
        check(net -> List.of(
                expect("Recip(Ones)", net.recip(net.ones()), n -> Rat.of(n == 0 ? 1 : n == 1 ? -1 : 0)),
                // 1/(1 - x - x^2) = sum F(n+1) x^n, F(1) = F(2) = 1
                expect("Recip(1 - x - x^2)", net.recip(net.poly(Rat.of(1), Rat.of(-1), Rat.of(-1))),
                        n -> new Rat(fibonacci(n + 1), BigInteger.ONE))));
    }

    @Test
    @DisplayName("compositions: 1/(1-y) at y = x + x^2 gives the Fibonacci numbers; exp(y) at y = 2x gives 2^n/n!")
    void compositions() {
        check(net -> List.of(
                expect("Subst(Ones, x + x^2)", net.subst(net.ones(), net.poly(Rat.of(0), Rat.of(1), Rat.of(1))),
                        n -> new Rat(fibonacci(n + 1), BigInteger.ONE)),
                expect("Subst(Exp(x), 2x)", net.subst(net.exp(net.poly(Rat.of(0), Rat.of(1))), net.poly(Rat.of(0), Rat.of(2))),
                        n -> new Rat(BigInteger.TWO.pow(n), factorial(n)))));
    }

    // ---------------------------------------------------------------------------------------------
    // Running a check

    /** A series under test, with the formula for its n-th coefficient. */
    private record Expectation(String name, Series series, Function<Integer, Rat> coefficient) {}

    private static Expectation expect(String name, Series series, Function<Integer, Rat> coefficient) {
        return new Expectation(name, series, coefficient);
    }

    /**
     * Builds the series in a fresh network, reads N coefficients of each (in turn, so that series
     * sharing a network advance together), compares them with the formulas, and checks that
     * cancelling the network's context ends every goroutine in it.
     */
    private static void check(Function<Net, List<Expectation>> build) {
        try (Goroutines g = new Goroutines("power series"); CancelContext ctx = Context.withCancel(Context.background())) {
            Net net = new Net(g, ctx);
            List<Expectation> checks = build.apply(net);
            List<List<Rat>> got = new ArrayList<>();
            checks.forEach(c -> got.add(new ArrayList<>()));
            for (int n = 0; n < N; n++) {
                for (int i = 0; i < checks.size(); i++) {
                    got.get(i).add(net.get(checks.get(i).series));
                }
            }
            ctx.cancel();
            g.awaitAll();
            for (int i = 0; i < checks.size(); i++) {
                Expectation c = checks.get(i);
                List<Rat> want = new ArrayList<>();
                for (int n = 0; n < N; n++) {
                    want.add(c.coefficient.apply(n));
                }
                assertEquals(want, got.get(i), c.name);
            }
        }
    }

    private static BigInteger factorial(int n) {
        BigInteger f = BigInteger.ONE;
        for (int i = 2; i <= n; i++) {
            f = f.multiply(BigInteger.valueOf(i));
        }
        return f;
    }

    private static BigInteger fibonacci(int n) {
        BigInteger a = BigInteger.ZERO;
        BigInteger b = BigInteger.ONE;
        for (int i = 0; i < n; i++) {
            BigInteger next = a.add(b);
            a = b;
            b = next;
        }
        return a;
    }

    private static BigInteger sign(int k) {
        return k % 2 == 0 ? BigInteger.ONE : BigInteger.ONE.negate();
    }

    // ---------------------------------------------------------------------------------------------
    // Exact rationals

    /** An exact rational number in lowest terms with a positive denominator. */
    record Rat(BigInteger num, BigInteger den) {
        Rat {
            if (den.signum() == 0) {
                throw new ArithmeticException("zero denominator");
            }
            BigInteger g = num.gcd(den);
            if (den.signum() < 0) {
                g = g.negate();
            }
            num = num.divide(g);
            den = den.divide(g);
        }

        static Rat of(long n) {
            return of(n, 1);
        }

        static Rat of(long n, long d) {
            return new Rat(BigInteger.valueOf(n), BigInteger.valueOf(d));
        }

        Rat add(Rat o) {
            return new Rat(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
        }

        Rat sub(Rat o) {
            return add(o.neg());
        }

        Rat mul(Rat o) {
            return new Rat(num.multiply(o.num), den.multiply(o.den));
        }

        Rat div(Rat o) {
            return new Rat(num.multiply(o.den), den.multiply(o.num));
        }

        Rat neg() {
            return new Rat(num.negate(), den);
        }

        boolean isZero() {
            return num.signum() == 0;
        }

        @Override
        public String toString() {
            return den.equals(BigInteger.ONE) ? num.toString() : num + "/" + den;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Series as goroutines

    /**
     * A power series: a request on {@code req} is answered with the next coefficient on
     * {@code dat}. Exactly one consumer reads a series; {@link Net#split} makes two out of one.
     */
    static final class Series {
        final Chan<Boolean> req = Chan.make();
        final Chan<Rat> dat = Chan.make();
    }

    /** Computes coefficient n of a series, reading its operands' coefficients as it needs them. */
    @FunctionalInterface
    interface Coefficients {
        Rat next(int n);
    }

    /** A network of series goroutines sharing one context; cancelling it ends them all. */
    static final class Net {
        private final Goroutines g;
        @SuppressWarnings("ContainedContext")   // a Net is one test run's network: this is that run's context,
        private final Context ctx;              // cancelled by the test when the run ends

        Net(Goroutines g, Context ctx) {
            this.g = g;
            this.ctx = ctx;
        }

        /** Asks {@code s} for its next coefficient. */
        Rat get(Series s) {
            send(s.req, true, ctx);
            return recv(s.dat, ctx);
        }

        /** Serves a series whose n-th coefficient {@code f} computes, in its own goroutine. */
        Series serve(String name, Coefficients f) {
            Series s = new Series();
            serveInto(s, name, f);
            return s;
        }

        private void serveInto(Series s, String name, Coefficients f) {
            g.go(name, untilCancelled(() -> {
                for (int n = 0; ; n++) {
                    recv(s.req, ctx);
                    send(s.dat, f.next(n), ctx);
                }
            }));
        }

        Series ones() {
            return serve("Ones", n -> Rat.of(1));
        }

        /** The polynomial a[0] + a[1] x + ... */
        Series poly(Rat... a) {
            return serve("Poly", n -> n < a.length ? a[n] : Rat.of(0));
        }

        Series add(Series u, Series v) {
            return serve("Add", n -> get(u).add(get(v)));
        }

        Series sub(Series u, Series v) {
            return serve("Sub", n -> get(u).sub(get(v)));
        }

        Series cmul(Rat c, Series u) {
            return serve("Cmul", n -> c.mul(get(u)));
        }

        /** U' : coefficient n is (n+1) u(n+1). */
        Series diff(Series u) {
            return serve("Diff", n -> {
                if (n == 0) {
                    get(u); // the constant term has no part in the derivative
                }
                return Rat.of(n + 1).mul(get(u));
            });
        }

        /** The integral of U from 0, plus c: coefficient 0 is c, coefficient n is u(n-1)/n. */
        Series integ(Rat c, Series u) {
            return serve("Integ", n -> n == 0 ? c : get(u).div(Rat.of(n)));
        }

        /** U V: coefficient n is the sum of u(k) v(n-k); keeps both operands' coefficients read so far. */
        Series mul(Series u, Series v) {
            List<Rat> us = new ArrayList<>();
            List<Rat> vs = new ArrayList<>();
            return serve("Mul", n -> {
                us.add(get(u));
                vs.add(get(v));
                Rat sum = Rat.of(0);
                for (int k = 0; k <= n; k++) {
                    sum = sum.add(us.get(k).mul(vs.get(n - k)));
                }
                return sum;
            });
        }

        /** U(c x^k). */
        Series monSubst(Series u, Rat c, int k) {
            Rat[] power = {Rat.of(1)};
            return serve("MonSubst", n -> {
                if (n % k != 0) {
                    return Rat.of(0);
                }
                Rat r = power[0].mul(get(u));
                power[0] = power[0].mul(c);
                return r;
            });
        }

        /** Two series with the coefficients of {@code src}, each for its own consumer. */
        Series[] split(Series src) {
            Series a = new Series();
            Series b = new Series();
            splitInto(src, a, b);
            return new Series[] {a, b};
        }

        /**
         * Serves {@code a} and {@code b} from {@code src}: a select waits for a request from a
         * consumer not yet answered and, while a request to {@code src} is outstanding, for its
         * answer; cases that must not fire are on the nil channel. The splitter keeps listening
         * while {@code src} computes, which a feedback loop (src reading a or b) requires.
         */
        void splitInto(Series src, Series a, Series b) {
            g.go("Split", untilCancelled(() -> {
                Series[] out = {a, b};
                List<ArrayDeque<Rat>> unread = List.of(new ArrayDeque<>(), new ArrayDeque<>());
                boolean[] waiting = new boolean[2];
                boolean asked = false;
                while (true) {
                    for (int i = 0; i < 2; i++) {
                        if (waiting[i] && !unread.get(i).isEmpty()) {
                            send(out[i].dat, unread.get(i).poll(), ctx);
                            waiting[i] = false;
                        }
                    }
                    boolean starved = (waiting[0] && unread.get(0).isEmpty()) || (waiting[1] && unread.get(1).isEmpty());
                    if (starved && !asked) {
                        send(src.req, true, ctx);
                        asked = true;
                    }
                    int event = Select.select(
                            Select.recv(waiting[0] ? Chan.<Boolean>nil() : a.req, v -> 0),
                            Select.recv(waiting[1] ? Chan.<Boolean>nil() : b.req, v -> 1),
                            Select.recv(asked ? src.dat : Chan.<Rat>nil(), v -> {
                                unread.get(0).add(v);
                                unread.get(1).add(v);
                                return 2;
                            }),
                            Select.recv(ctx.done(), v -> {
                                throw new Conformance.Cancelled();
                            }));
                    if (event == 2) {
                        asked = false;
                    } else {
                        waiting[event] = true;
                    }
                }
            }));
        }

        /** exp(U) with U's constant term ignored: E = 1 + integral of E U', E fed back into itself. */
        Series exp(Series u) {
            Series fed = new Series();
            Series out = new Series();
            Series e = integ(Rat.of(1), mul(fed, diff(u)));
            splitInto(e, out, fed);
            return out;
        }

        /** sin and cos from S' = C, C' = -S, S(0) = 0, C(0) = 1: two loops feeding each other. */
        Series[] sinCos() {
            Series sinFed = new Series();
            Series cosFed = new Series();
            Series sin = new Series();
            Series cos = new Series();
            splitInto(integ(Rat.of(0), cosFed), sin, sinFed);
            splitInto(integ(Rat.of(1), cmul(Rat.of(-1), sinFed)), cos, cosFed);
            return new Series[] {sin, cos};
        }

        /**
         * 1/U for u(0) != 0: R = (1 - x U1 R) / u(0) with U = u(0) + x U1, R fed back: r(0) =
         * 1/u(0), r(n) = -(1/u(0)) * coefficient n-1 of U1 R.
         */
        Series recip(Series u) {
            Series fed = new Series();
            Series out = new Series();
            Series r = new Series();
            Rat[] inverse = new Rat[1];
            Series[] product = new Series[1];
            serveInto(r, "Recip", n -> {
                if (n == 0) {
                    inverse[0] = Rat.of(1).div(get(u));
                    product[0] = mul(u, fed); // u now yields u(1), u(2), ...: U1 R
                    return inverse[0];
                }
                return inverse[0].neg().mul(get(product[0]));
            });
            splitInto(r, out, fed);
            return out;
        }

        /**
         * U(V) for v(0) = 0, built lazily: with U = u(0) + x U1 and V = x V1, U(V) = u(0) + x V1
         * U1(V); the inner U1(V) is started only when coefficient 1 is asked for, so the
         * recursion goes as deep as the coefficients read.
         */
        Series subst(Series u, Series v) {
            Series[] inner = new Series[1];
            return serve("Subst", n -> {
                if (n == 0) {
                    return get(u);
                }
                if (inner[0] == null) {
                    Series[] vv = split(v);
                    Rat v0 = get(vv[0]);
                    if (!v0.isZero()) {
                        throw new IllegalArgumentException("Subst needs v(0) = 0, got " + v0);
                    }
                    inner[0] = mul(vv[0], subst(u, vv[1])); // vv[0] now yields V1; u yields U1
                }
                return get(inner[0]);
            });
        }
    }
}
