package io.go4j;

import static io.go4j.TestSupport.assertFrequency;
import static io.go4j.TestSupport.assertPanics;
import static io.go4j.TestSupport.awaitWaitReason;
import static io.go4j.TestSupport.completes;
import static io.go4j.TestSupport.go;
import static io.go4j.TestSupport.goRun;
import static io.go4j.TestSupport.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.TestSupport.Call;
import io.go4j.TestSupport.EachCapacity;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Select statements (Go spec): one case runs, chosen by uniform pseudo-random selection among
 * those that can proceed; default runs only when none can; a nil channel's case never can; with
 * no case ready and no default, select blocks until one can; with no cases it blocks forever.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectTest {

    @AfterEach
    void reapGoroutines() {
        TestSupport.reap();
    }

    // ---------------------------------------------------------------------------------------------
    // One ready case

    @Test
    @DisplayName("select runs the only ready receive case and leaves the other channels alone")
    void selectReceivesFromTheOnlyReadyCase() {
        int n = 8;
        for (int ready = 0; ready < n; ready++) {
            List<Chan<Integer>> chans = new ArrayList<>();
            List<Select.Case<String>> cases = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Chan<Integer> ch = Chan.make(1);
                chans.add(ch);
                int index = i;
                cases.add(Select.recv(ch, v -> index + ":" + v));
            }
            assertTrue(chans.get(ready).trySend(10 * ready));
            String got = completes("select", () -> select(cases));
            assertEquals(ready + ":" + 10 * ready, got);
            for (Chan<Integer> ch : chans) {
                assertEquals(0, ch.len(), "no channel holds a value after the select");
            }
        }
    }

    @Test
    @DisplayName("select runs the only ready send case and sends nothing on the others")
    void selectSendsOnTheOnlyReadyCase() {
        int n = 8;
        for (int ready = 0; ready < n; ready++) {
            List<Chan<Integer>> chans = new ArrayList<>();
            List<Select.Case<Integer>> cases = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Chan<Integer> ch = Chan.make(1);
                if (i != ready) {
                    assertTrue(ch.trySend(-i));
                }
                chans.add(ch);
                int index = i;
                cases.add(Select.send(ch, 100 + i, () -> index));
            }
            assertEquals(ready, completes("select", () -> select(cases)));
            for (int i = 0; i < n; i++) {
                assertEquals(new Recv<>(i == ready ? 100 + ready : -i, true), chans.get(i).tryRecv());
                assertNull(chans.get(i).tryRecv(), "channel " + i + " got exactly one value");
            }
        }
    }

    @Test
    @DisplayName("select takes any number of cases")
    void selectTakesAnyNumberOfCases() {
        int n = 300;
        List<Chan<Integer>> chans = new ArrayList<>();
        List<Select.Case<Integer>> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Chan<Integer> ch = Chan.make(1);
            chans.add(ch);
            int index = i;
            if (i % 2 == 0) {
                cases.add(Select.recv(ch, v -> index));
            } else {
                assertTrue(ch.trySend(-1)); // full: its send case is not ready
                cases.add(Select.send(ch, i, () -> index));
            }
        }
        int ready = 2 * ThreadLocalRandom.current().nextInt(n / 2);
        assertTrue(chans.get(ready).trySend(7));
        assertEquals(ready, completes("select over " + n + " cases", () -> select(cases)));
        assertEquals("only default is left", completes("select", () -> {
            List<Select.Case<?>> withDefault = new ArrayList<>(cases);
            withDefault.add(Select.defaultCase(() -> "only default is left"));
            return select(withDefault);
        }));
    }

    @Test
    @DisplayName("a receive case without a handler returns the value; a send case without one returns null")
    void casesWithoutHandlersReturnValueOrNull() {
        Chan<String> ch = Chan.make(1);
        assertTrue(ch.trySend("x"));
        assertEquals("x", completes("select recv", () -> Select.select(Select.recv(ch))));
        assertNull(completes("select send", () -> Select.select(Select.send(ch, "y"))));
        assertEquals(new Recv<>("y", true), ch.tryRecv());
    }

    @Test
    @DisplayName("select returns the chosen case's result and runs exactly that handler")
    void selectReturnsTheChosenHandlersResult() {
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> b = Chan.make(1);
        AtomicInteger handlerRuns = new AtomicInteger();
        assertTrue(b.trySend(21));
        Integer got = completes("select", () -> Select.select(
                Select.recv(a, v -> {
                    handlerRuns.incrementAndGet();
                    return -1;
                }),
                Select.recv(b, v -> {
                    handlerRuns.incrementAndGet();
                    return v * 2;
                })));
        assertEquals(42, got);
        assertEquals(1, handlerRuns.get(), "exactly one handler runs");

        assertTrue(a.trySend(5));
        assertEquals(new Recv<>(5, true),
                completes("select recvOk", () -> Select.select(Select.recvOk(a, r -> r))));
    }

    @Test
    @DisplayName("statement forms run their handlers and select returns null")
    void statementFormsRunTheirHandlers() {
        Chan<Integer> ch = Chan.make(1);
        AtomicReference<Object> seen = new AtomicReference<>();
        assertNull(completes("onSend", () -> Select.select(
                Select.onSend(ch, 3, () -> seen.set("sent")), Select.onDefault(() -> seen.set("default")))));
        assertEquals("sent", seen.get());
        assertNull(completes("onRecv", () -> Select.select(
                Select.onRecv(ch, seen::set), Select.onDefault(() -> seen.set("default")))));
        assertEquals(3, seen.get());
        assertNull(completes("onDefault", () -> Select.select(
                Select.onRecv(ch, seen::set), Select.onDefault(() -> seen.set("default")))));
        assertEquals("default", seen.get());
        ch.close();
        assertNull(completes("onRecvOk", () -> Select.select(
                Select.onRecvOk(ch, seen::set), Select.onDefault(() -> seen.set("default")))));
        assertEquals(new Recv<Integer>(null, false), seen.get());
    }

    // ---------------------------------------------------------------------------------------------
    // Closed channels

    @Test
    @DisplayName("a receive case on a closed channel is ready: buffered values first, then null and ok false")
    void receiveCaseOnClosedChannelIsReady() {
        Chan<Integer> ch = Chan.make(2);
        assertTrue(ch.trySend(1));
        ch.close();
        assertEquals(new Recv<>(1, true), completes("select", () -> Select.select(
                Select.recvOk(ch, r -> r), Select.defaultCase(() -> null))));
        assertEquals(new Recv<Integer>(null, false), completes("select", () -> Select.select(
                Select.recvOk(ch, r -> r), Select.defaultCase(() -> null))));
        assertEquals("closed", completes("select", () -> Select.select(
                Select.recv(ch, v -> v == null ? "closed" : "value " + v),
                Select.defaultCase(() -> "default"))));
    }

    @Test
    @DisplayName("a send case on a closed channel panics with \"send on closed channel\", even with default")
    void sendCaseOnClosedChannelPanics() {
        Chan<Integer> ch = Chan.make(1);
        ch.close();
        assertPanics("send on closed channel",
                () -> Select.select(Select.send(ch, 1), Select.defaultCase(() -> null)));
        Chan<Integer> full = Chan.make(1);
        assertTrue(full.trySend(0));
        full.close();
        assertPanics("send on closed channel",
                () -> Select.select(Select.send(full, 1), Select.defaultCase(() -> null)));
        assertPanics("send on closed channel",
                () -> Select.select(Select.send(ch, 1), Select.recv(Chan.<Integer>make())));
    }

    // ---------------------------------------------------------------------------------------------
    // default

    @Test
    @DisplayName("default runs when no case is ready, and the cases then have no effect")
    void defaultRunsWhenNothingIsReady() {
        Chan<Integer> unbuffered = Chan.make(0);
        Chan<Integer> empty = Chan.make(1);
        Chan<Integer> full = Chan.make(1);
        assertTrue(full.trySend(1));
        for (int i = 0; i < 200; i++) {
            String got = completes("select", () -> Select.select(
                    Select.recv(unbuffered, v -> "unbuffered recv"),
                    Select.send(unbuffered, 2, () -> "unbuffered send"),
                    Select.recv(empty, v -> "empty recv"),
                    Select.send(full, 3, () -> "full send"),
                    Select.recv(Chan.<Integer>nil(), v -> "nil recv"),
                    Select.defaultCase(() -> "default")));
            assertEquals("default", got);
        }
        assertNull(unbuffered.tryRecv());
        assertNull(empty.tryRecv());
        assertEquals(new Recv<>(1, true), full.tryRecv());
        assertNull(full.tryRecv(), "the full channel's send case must not have sent");
    }

    @Test
    @DisplayName("default never runs while some case is ready, wherever default is placed")
    void defaultNeverRunsWhileACaseIsReady() {
        List<Chan<Integer>> recvChans = List.of(Chan.make(1), Chan.make(1));
        List<Chan<Integer>> sendChans = List.of(Chan.make(1), Chan.make(1));
        for (Chan<Integer> s : sendChans) {
            assertTrue(s.trySend(0)); // full: not ready
        }
        completes("selects", () -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = 0; i < 2000; i++) {
                int ready = rnd.nextInt(4);
                if (ready < 2) {
                    assertTrue(recvChans.get(ready).trySend(i));
                } else {
                    assertEquals(new Recv<>(0, true), sendChans.get(ready - 2).tryRecv());
                }
                List<Select.Case<Integer>> cases = new ArrayList<>(List.of(
                        Select.recv(recvChans.get(0), v -> 0),
                        Select.recv(recvChans.get(1), v -> 1),
                        Select.send(sendChans.get(0), 0, () -> 2),
                        Select.send(sendChans.get(1), 0, () -> 3)));
                cases.add(rnd.nextInt(cases.size() + 1), Select.defaultCase(() -> -1));
                assertEquals(ready, select(cases), "trial " + i + ": the ready case must run");
            }
            return null;
        });
    }

    @Test
    @DisplayName("a blocked partner makes an unbuffered case ready, so default is not taken")
    void blockedPartnerMakesUnbufferedCaseReady() {
        Chan<String> ch = Chan.make(0);
        Call<Void> sender = goRun("blocked send", () -> ch.send("from sender"));
        awaitWaitReason(sender, "chan send");
        assertEquals("from sender", completes("select", () -> Select.select(
                Select.recv(ch, v -> v), Select.defaultCase(() -> "default"))));
        sender.await();

        Call<String> receiver = go("blocked recv", ch::recv);
        awaitWaitReason(receiver, "chan receive");
        assertEquals("sent", completes("select", () -> Select.select(
                Select.send(ch, "from select", () -> "sent"), Select.defaultCase(() -> "default"))));
        assertEquals("from select", receiver.await());
    }

    // ---------------------------------------------------------------------------------------------
    // Blocking select

    @Test
    @DisplayName("select without default blocks until a case is ready, then runs it and withdraws the others")
    void selectBlocksUntilACaseIsReady() {
        Chan<Integer> a = Chan.make(0);
        Chan<Integer> b = Chan.make(0);
        Chan<Integer> c = Chan.make(0);
        Call<String> selector = go("select", () -> Select.select(
                Select.recv(a, v -> "a:" + v),
                Select.recv(b, v -> "b:" + v),
                Select.send(c, 9, () -> "c")));
        selector.assertBlocked("select with no ready case and no default blocks");
        awaitWaitReason(selector, "select");
        selector.assertBlocked("select with no ready case and no default blocks");

        TestSupport.completesRun("send on b", () -> b.send(5));
        assertEquals("b:5", selector.await());
        assertFalse(a.trySend(1), "the finished select must no longer wait on a");
        assertNull(c.tryRecv(), "the finished select must no longer offer its send on c");
    }

    @Test
    @DisplayName("a blocked select's send case is taken by a receiver arriving later")
    void blockedSelectSendIsTakenByReceiver() {
        Chan<Integer> ch = Chan.make(0);
        Chan<Integer> other = Chan.make(0);
        Call<String> selector = go("select", () -> Select.select(
                Select.send(ch, 7, () -> "sent"), Select.recv(other, v -> "other")));
        awaitWaitReason(selector, "select");
        assertEquals(7, completes("recv", ch::recv));
        assertEquals("sent", selector.await());
        assertFalse(other.trySend(1), "the finished select must no longer wait on other");
    }

    @Test
    @DisplayName("close wakes a blocked select whose receive case is on the closed channel")
    void closeWakesBlockedSelectReceiving() {
        Chan<Integer> a = Chan.make(0);
        Chan<Integer> b = Chan.make(1);
        Call<Recv<Integer>> selector = go("select", () -> Select.select(
                Select.recvOk(a, r -> r), Select.recv(b, v -> new Recv<>(-1, true))));
        awaitWaitReason(selector, "select");
        a.close();
        assertEquals(new Recv<Integer>(null, false), selector.await());
    }

    @Test
    @DisplayName("close makes a blocked select whose send case is on the closed channel panic")
    void closePanicsBlockedSelectSending() {
        Chan<Integer> a = Chan.make(0);
        Chan<Integer> b = Chan.make(1);
        Call<String> selector = go("select", () -> Select.select(
                Select.send(a, 1, () -> "sent"), Select.recv(b, v -> "b")));
        awaitWaitReason(selector, "select");
        a.close();
        GoPanic p = selector.awaitThrows(GoPanic.class);
        assertEquals("send on closed channel", p.getMessage());
    }

    @Test
    @DisplayName("select with no cases blocks forever with wait reason \"select (no cases)\"")
    void selectWithNoCasesBlocksForever() {
        Call<Object> selector = go("select with no cases", () -> Select.select());
        selector.assertBlocked("select with no cases blocks forever");
        awaitWaitReason(selector, "select (no cases)");
        selector.assertBlocked("select with no cases blocks forever");
        selector.interruptAndExpectGoInterrupted();
    }

    // ---------------------------------------------------------------------------------------------
    // nil channels in select

    @Test
    @DisplayName("a case on a null or nil channel is never ready")
    void nullOrNilChannelCaseIsNeverReady() {
        Chan<Integer> ready = Chan.make(1);
        completes("selects", () -> {
            for (int i = 0; i < 500; i++) {
                assertEquals("default", Select.select(
                        Select.recv((RecvChan<Integer>) null, v -> "null recv"),
                        Select.send((SendChan<Integer>) null, 1, () -> "null send"),
                        Select.recvOk(Chan.<Integer>nil(), r -> "nil recvOk"),
                        Select.send(Chan.<Integer>nil(), 1, () -> "nil send"),
                        Select.defaultCase(() -> "default")));
                assertTrue(ready.trySend(i));
                assertEquals("ready", Select.select(
                        Select.recv((RecvChan<Integer>) null, v -> "null recv"),
                        Select.send((SendChan<Integer>) null, 1, () -> "null send"),
                        Select.recv(ready, v -> "ready"),
                        Select.recv(Chan.<Integer>nil(), v -> "nil recv"),
                        Select.send(Chan.<Integer>nil(), 1, () -> "nil send")));
            }
            return null;
        });
    }

    @Test
    @DisplayName("a select whose cases are all on null or nil channels blocks forever")
    void selectOnlyOnNilChannelsBlocksForever() {
        Call<String> selector = go("select on nil channels", () -> Select.select(
                Select.recv((RecvChan<Integer>) null, v -> "null recv"),
                Select.send(Chan.<Integer>nil(), 1, () -> "nil send")));
        selector.assertBlocked("a select with only nil channels blocks forever");
        awaitWaitReason(selector, "select");
        selector.interruptAndExpectGoInterrupted();
    }

    // ---------------------------------------------------------------------------------------------
    // The same channel in several cases

    @Test
    @DisplayName("with send and receive cases on one buffered channel, the one that can proceed runs")
    void sendAndReceiveOnOneBufferedChannel() {
        Chan<Integer> ch = Chan.make(1);
        completes("selects", () -> {
            for (int i = 0; i < 200; i++) {
                assertEquals("sent", Select.select(
                        Select.send(ch, i, () -> "sent"), Select.recv(ch, v -> "received")),
                        "empty buffer: only the send can proceed");
                assertEquals("received " + i, Select.select(
                        Select.send(ch, -1, () -> "sent"), Select.recv(ch, v -> "received " + v)),
                        "full buffer: only the receive can proceed");
            }
            return null;
        });
    }

    @Test
    @DisplayName("a lone select sending and receiving on one unbuffered channel does not match itself: default runs")
    void loneSelectDoesNotMatchItselfWithDefault() {
        Chan<Integer> ch = Chan.make(0);
        completes("selects", () -> {
            for (int i = 0; i < 200; i++) {
                assertEquals("default", Select.select(
                        Select.send(ch, 1, () -> "sent"),
                        Select.recv(ch, v -> "received " + v),
                        Select.defaultCase(() -> "default")));
            }
            return null;
        });
    }

    @Test
    @DisplayName("a lone select sending and receiving on one unbuffered channel without default blocks")
    void loneSelectDoesNotMatchItselfWithoutDefault() {
        Chan<Integer> ch = Chan.make(0);
        Call<String> first = go("select send+recv", () -> Select.select(
                Select.send(ch, 1, () -> "sent"), Select.recv(ch, v -> "received " + v)));
        first.assertBlocked("a select must not rendezvous with itself");
        awaitWaitReason(first, "select");
        first.assertBlocked("a select must not rendezvous with itself");
        assertEquals(new Recv<>(1, true), ch.tryRecv(), "its send case is offered to others");
        assertEquals("sent", first.await());

        Call<String> second = go("select send+recv", () -> Select.select(
                Select.send(ch, 1, () -> "sent"), Select.recv(ch, v -> "received " + v)));
        awaitWaitReason(second, "select");
        assertTrue(ch.trySend(2), "its receive case is offered to others");
        assertEquals("received 2", second.await());
    }

    @Test
    @DisplayName("two selects sending and receiving on one unbuffered channel meet each other")
    void twoSelectsOnOneChannelMeet() {
        Chan<Integer> ch = Chan.make(0);
        Call<String> x = go("select x", () -> Select.select(
                Select.send(ch, 1, () -> "sent"), Select.recv(ch, v -> "received " + v)));
        Call<String> y = go("select y", () -> Select.select(
                Select.send(ch, 2, () -> "sent"), Select.recv(ch, v -> "received " + v)));
        String rx = x.await();
        String ry = y.await();
        assertTrue((rx.equals("sent") && ry.equals("received 1"))
                        || (ry.equals("sent") && rx.equals("received 2")),
                "one must send to the other: got x=" + rx + ", y=" + ry);
    }

    @Test
    @DisplayName("two receive cases on one channel consume a single value")
    void twoReceiveCasesOnOneChannelConsumeOneValue() {
        Chan<Integer> ch = Chan.make(2);
        assertTrue(ch.trySend(1));
        assertTrue(ch.trySend(2));
        AtomicInteger handlerRuns = new AtomicInteger();
        Integer got = completes("select", () -> Select.select(
                Select.recv(ch, v -> {
                    handlerRuns.incrementAndGet();
                    return v;
                }),
                Select.recv(ch, v -> {
                    handlerRuns.incrementAndGet();
                    return v;
                })));
        assertEquals(1, got);
        assertEquals(1, handlerRuns.get());
        assertEquals(1, ch.len());
        assertEquals(new Recv<>(2, true), ch.tryRecv());
    }

    // ---------------------------------------------------------------------------------------------
    // Uniform choice among ready cases

    /** Total probability that a correct (uniformly random) select fails one uniformity test. */
    private static final double FALSE_FAILURE = 1e-9;

    @Test
    @DisplayName("with two ready receive cases, each is chosen uniformly at random")
    void twoReadyCasesAreChosenUniformly() {
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> b = Chan.make(1);
        assertTrue(a.trySend(0));
        assertTrue(b.trySend(0));
        int[] choices = trials(10_000, () -> {
            int k = Select.select(Select.recv(a, v -> 0), Select.recv(b, v -> 1));
            assertTrue((k == 0 ? a : b).trySend(0));
            return k;
        });
        assertUniform(choices, 2);
    }

    @Test
    @DisplayName("with four ready cases, two receives and two sends, each is chosen uniformly at random")
    void fourReadyCasesAreChosenUniformly() {
        Chan<Integer> r0 = Chan.make(1);
        Chan<Integer> r1 = Chan.make(1);
        Chan<Integer> s0 = Chan.make(1);
        Chan<Integer> s1 = Chan.make(1);
        assertTrue(r0.trySend(0));
        assertTrue(r1.trySend(0));
        int[] choices = trials(20_000, () -> {
            int k = Select.select(
                    Select.recv(r0, v -> 0),
                    Select.send(s0, 0, () -> 1),
                    Select.recv(r1, v -> 2),
                    Select.send(s1, 0, () -> 3));
            switch (k) {
                case 0 -> assertTrue(r0.trySend(0));
                case 1 -> assertEquals(new Recv<>(0, true), s0.tryRecv());
                case 2 -> assertTrue(r1.trySend(0));
                default -> assertEquals(new Recv<>(0, true), s1.tryRecv());
            }
            return k;
        });
        assertUniform(choices, 4);
    }

    @Test
    @DisplayName("with two ready receive cases on the same channel, each is chosen uniformly at random")
    void twoReadyCasesOnOneChannelAreChosenUniformly() {
        Chan<Integer> ch = Chan.make(1);
        assertTrue(ch.trySend(0));
        int[] choices = trials(10_000, () -> {
            int k = Select.select(Select.recv(ch, v -> 0), Select.recv(ch, v -> 1));
            assertTrue(ch.trySend(0));
            return k;
        });
        assertUniform(choices, 2);
    }

    private static int[] trials(int n, IntSupplier trial) {
        return completes(n + " selects", () -> {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = trial.getAsInt();
            }
            return out;
        });
    }

    /**
     * Checks that choices among k cases look like independent uniform draws: each case's frequency
     * is 1/k, and so is the frequency of a choice repeating the previous one (for independent
     * uniform draws the differences of consecutive choices are themselves independent and uniform,
     * which a round-robin or other deterministic rotation is not). Each of the k + 1 checks gets
     * an equal share of {@link #FALSE_FAILURE}.
     */
    private static void assertUniform(int[] choices, int k) {
        double alpha = FALSE_FAILURE / (k + 1);
        long[] counts = new long[k];
        long repeats = 0;
        for (int i = 0; i < choices.length; i++) {
            counts[choices[i]]++;
            if (i > 0 && choices[i] == choices[i - 1]) {
                repeats++;
            }
        }
        for (int c = 0; c < k; c++) {
            assertFrequency("case " + c + " chosen", counts[c], choices.length, 1.0 / k, alpha);
        }
        assertFrequency("choice repeating the previous one", repeats, choices.length - 1, 1.0 / k,
                alpha);
    }

    @Test
    @DisplayName("choose picks uniformly among ready cases, as select does")
    void chooseIsUniformAmongReadyCases() {
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> s = Chan.make(1);
        Chan<Integer> b = Chan.make(1);
        assertTrue(a.trySend(0));
        assertTrue(b.trySend(0));
        Select.Case<Integer> fromA = Select.recv(a);
        Select.Case<Void> toS = Select.send(s, 0);
        Select.Case<Integer> fromB = Select.recv(b);
        int[] choices = trials(15_000, () -> {
            int k = Select.choose(fromA, toS, fromB).index();
            switch (k) {
                case 0 -> assertTrue(a.trySend(0));
                case 1 -> assertEquals(new Recv<>(0, true), s.tryRecv());
                default -> assertTrue(b.trySend(0));
            }
            return k;
        });
        assertUniform(choices, 3);
    }

    // ---------------------------------------------------------------------------------------------
    // choose: the statement form

    @Test
    @DisplayName("choose reports the index, value and ok of the case that fired, and no other case communicates")
    void chooseReportsTheCaseThatFired() {
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> b = Chan.make(1);
        Chan<Integer> full = Chan.make(1);
        assertTrue(full.trySend(0));
        Select.Case<Integer> fromA = Select.recv(a);
        Select.Case<Integer> fromB = Select.recv(b);
        Select.Case<Void> toFull = Select.send(full, 1);
        assertTrue(b.trySend(42));
        Select.Chosen c = completes("choose", () -> Select.choose(fromA, fromB, toFull));
        assertEquals(1, c.index());
        assertTrue(c.is(fromB));
        assertFalse(c.is(fromA) || c.is(toFull));
        assertEquals(42, c.value(fromB));
        assertEquals(42, c.value());
        assertTrue(c.ok());
        assertEquals("Chosen[index=1, value=42, ok=true]", c.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.value(fromA));
        assertEquals("case 1 fired, not the one asked for", e.getMessage());
        assertEquals(0, a.len() + b.len(), "only b's value was received");
        assertEquals(new Recv<>(0, true), full.tryRecv());
        assertNull(full.tryRecv(), "the losing send case sent nothing");
    }

    @Test
    @DisplayName("choose reports a send case that fired with a null value and ok false")
    void chooseReportsASend() {
        Chan<String> ch = Chan.make(1);
        Select.Case<Void> send = Select.send(ch, "x");
        Select.Chosen c = completes("choose", () -> Select.choose(Select.recv(Chan.<String>make()), send));
        assertEquals(1, c.index());
        assertTrue(c.is(send));
        assertNull(c.value(send));
        assertFalse(c.ok(), "ok is reflect.Select's recvOK: false for a send");
        assertEquals(new Recv<>("x", true), ch.tryRecv());
    }

    @Test
    @DisplayName("choose reports a receive from a closed channel with a null value and ok false")
    void chooseReportsAClosedChannel() {
        Chan<Integer> ch = Chan.make(1);
        assertTrue(ch.trySend(7));
        ch.close();
        Select.Case<Integer> recv = Select.recv(ch);
        Select.Case<Recv<Integer>> recvOk = Select.recvOk(ch, r -> r);
        Select.Chosen first = completes("choose", () -> Select.choose(recv));
        assertEquals(7, first.value(recv));
        assertTrue(first.ok(), "a buffered value is received before the close is seen");
        Select.Chosen drained = completes("choose", () -> Select.choose(recv));
        assertNull(drained.value(recv));
        assertFalse(drained.ok());
        Select.Chosen withRecv = completes("choose", () -> Select.choose(recvOk));
        assertEquals(new Recv<Integer>(null, false), withRecv.value(recvOk));
        assertFalse(withRecv.ok());
    }

    @Test
    @DisplayName("choose runs the default case, at its own index, only when no case is ready")
    void chooseRunsTheDefaultAtItsIndex() {
        Chan<Integer> empty = Chan.make(1);
        Select.Case<Integer> recv = Select.recv(empty);
        Select.Case<Void> otherwise = Select.defaultCase();
        Select.Chosen c = completes("choose", () -> Select.choose(recv, otherwise, Select.recv(Chan.<Integer>make())));
        assertEquals(1, c.index());
        assertTrue(c.is(otherwise));
        assertNull(c.value());
        assertFalse(c.ok());
        assertTrue(empty.trySend(3));
        Select.Chosen ready = completes("choose", () -> Select.choose(recv, otherwise));
        assertEquals(0, ready.index(), "default never runs while a case is ready");
        assertThrows(IllegalArgumentException.class,
                () -> Select.choose(Select.defaultCase(), Select.defaultCase()));
    }

    @Test
    @DisplayName("choose runs a case's handler, once, and its result is the value")
    void chooseRunsTheHandler() {
        Chan<Integer> ch = Chan.make(1);
        assertTrue(ch.trySend(20));
        AtomicInteger runs = new AtomicInteger();
        Select.Case<String> doubled = Select.recv(ch, v -> {
            runs.incrementAndGet();
            return "got " + 2 * v;
        });
        Select.Chosen c = completes("choose", () -> Select.choose(doubled, Select.defaultCase(() -> "default")));
        assertEquals("got 40", c.value(doubled));
        assertTrue(c.ok());
        assertEquals(1, runs.get());
    }

    @Test
    @DisplayName("choose never takes a case on a null or nil channel")
    void chooseNeverTakesANilChannel() {
        Chan<Integer> ready = Chan.make(1);
        completes("chooses", () -> {
            for (int i = 0; i < 500; i++) {
                assertEquals(2, Select.choose(
                        Select.recv((RecvChan<Integer>) null),
                        Select.send(Chan.<Integer>nil(), 1),
                        Select.defaultCase()).index());
                assertTrue(ready.trySend(i));
                assertEquals(2, Select.choose(
                        Select.send((SendChan<Integer>) null, 1),
                        Select.recv(Chan.<Integer>nil()),
                        Select.recv(ready)).index());
            }
            return null;
        });
    }

    @Test
    @DisplayName("a chosen send case on a closed channel panics with \"send on closed channel\"")
    void chooseSendOnClosedChannelPanics() {
        Chan<Integer> ch = Chan.make(1);
        ch.close();
        assertPanics("send on closed channel", () -> Select.choose(Select.send(ch, 1), Select.defaultCase()));
        Chan<Integer> a = Chan.make(0);
        Call<Select.Chosen> blocked = go("choose", () -> Select.choose(Select.send(a, 1), Select.recv(Chan.<Integer>make())));
        awaitWaitReason(blocked, "select");
        a.close();
        assertEquals("send on closed channel", blocked.awaitThrows(GoPanic.class).getMessage());
    }

    @Test
    @DisplayName("a blocked choose waits for a case, and an interrupt ends it with GoInterruptedException and no case run")
    void blockedChooseWakesOrIsInterrupted() {
        Chan<Integer> a = Chan.make(0);
        Chan<Integer> b = Chan.make(0);
        Call<Select.Chosen> woken = go("choose", () -> Select.choose(Select.recv(a), Select.send(b, 9)));
        awaitWaitReason(woken, "select");
        assertEquals(9, completes("recv on b", b::recv));
        assertEquals(1, woken.await().index());

        Call<Select.Chosen> interrupted = go("choose", () -> Select.choose(Select.recv(a), Select.send(b, 9)));
        awaitWaitReason(interrupted, "select");
        interrupted.interruptAndExpectGoInterrupted();
        assertFalse(a.trySend(1), "the interrupted choose no longer receives on a");
        assertNull(b.tryRecv(), "the interrupted choose no longer offers its send on b");
    }

    @Test
    @DisplayName("a for-select loop with choose needs no sentinel: continue skips, break leaves the loop, return leaves the method")
    void forSelectLoopWithChoose() {
        Chan<Integer> values = Chan.make(16);
        for (int i = 1; i <= 10; i++) {
            assertTrue(values.trySend(i));
        }
        values.close();
        assertEquals(List.of(1, 2, 4, 5, 7, 8, 10, -1),
                completes("drain until closed", () -> drain(values, Chan.make(), 0)));

        Chan<Integer> more = Chan.make(16);
        for (int i = 1; i <= 10; i++) {
            assertTrue(more.trySend(i));
        }
        assertEquals(List.of(1, 2, 4), completes("drain until 5", () -> drain(more, Chan.make(), 5)));
        assertEquals(new Recv<>(6, true), more.tryRecv(), "the loop returned right after taking 5");

        Chan<Empty> quit = Chan.make();
        quit.close();
        assertEquals(List.of(-2), completes("drain until quit", () -> drain(Chan.make(), quit, 0)));
    }

    /**
     * A for-select loop in Go's shape, with the caller's own control flow: multiples of 3 are
     * skipped ({@code continue}), a close leaves the loop ({@code break loop}, then -1 is added),
     * the value {@code returnAt} and a quit signal leave the method ({@code return}).
     */
    private static List<Integer> drain(RecvChan<Integer> values, RecvChan<Empty> quit, int returnAt) {
        Select.Case<Integer> value = Select.recv(values);
        Select.Case<Empty> stop = Select.recv(quit);
        List<Integer> got = new ArrayList<>();
        loop:
        for (;;) {
            Select.Chosen c = Select.choose(value, stop);
            switch (c.index()) {
                case 0 -> {
                    if (!c.ok()) {
                        break loop;
                    }
                    int v = c.value(value);
                    if (v % 3 == 0) {
                        continue;
                    }
                    if (v == returnAt) {
                        return got;
                    }
                    got.add(v);
                }
                case 1 -> {
                    got.add(-2);
                    return got;
                }
                default -> throw new AssertionError("no case " + c.index());
            }
        }
        got.add(-1);
        return got;
    }

    // ---------------------------------------------------------------------------------------------
    // Stress: exactly one case fires

    @EachCapacity
    @DisplayName("racing selects with two send cases: exactly one fires, and the loser's value is never received")
    void racingSendSelectsFireExactlyOneCase(int capacity) {
        int selectors = 4;
        int perSelector = pick(2_000, 16_000);
        int selects = selectors * perSelector;
        Chan<Integer> a = Chan.make(capacity);
        Chan<Integer> b = Chan.make(capacity);
        AtomicIntegerArray handlerRuns = new AtomicIntegerArray(selects);
        int[] chose = new int[selects];
        AtomicIntegerArray onA = new AtomicIntegerArray(2 * selects);
        AtomicIntegerArray onB = new AtomicIntegerArray(2 * selects);

        List<Call<Void>> selecting = new ArrayList<>();
        for (int s = 0; s < selectors; s++) {
            int first = s * perSelector;
            selecting.add(goRun("selector " + s, () -> {
                for (int j = first; j < first + perSelector; j++) {
                    int id = j;
                    // value 2j may only go to a, value 2j + 1 only to b.
                    chose[j] = Select.select(
                            Select.send(a, 2 * j, () -> {
                                handlerRuns.incrementAndGet(id);
                                return 0;
                            }),
                            Select.send(b, 2 * j + 1, () -> {
                                handlerRuns.incrementAndGet(id);
                                return 1;
                            }));
                }
            }));
        }
        List<Call<Void>> consuming = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            consuming.add(goRun("consumer of a #" + c, () -> {
                for (Integer v : a) {
                    onA.incrementAndGet(v);
                }
            }));
            consuming.add(goRun("consumer of b #" + c, () -> {
                for (Integer v : b) {
                    onB.incrementAndGet(v);
                }
            }));
        }
        for (Call<Void> s : selecting) {
            s.await();
        }
        a.close();
        b.close();
        for (Call<Void> c : consuming) {
            c.await();
        }

        for (int j = 0; j < selects; j++) {
            assertEquals(1, handlerRuns.get(j), "select " + j + ": handlers run");
            int winner = chose[j];
            int sentOnA = onA.get(2 * j) + onB.get(2 * j);
            int sentOnB = onA.get(2 * j + 1) + onB.get(2 * j + 1);
            assertEquals(0, onB.get(2 * j), "select " + j + ": a's value arrived on b");
            assertEquals(0, onA.get(2 * j + 1), "select " + j + ": b's value arrived on a");
            assertEquals(winner == 0 ? 1 : 0, sentOnA,
                    "select " + j + " chose case " + winner + ": times its a-value was received");
            assertEquals(winner == 1 ? 1 : 0, sentOnB,
                    "select " + j + " chose case " + winner + ": times its b-value was received");
        }
    }

    @EachCapacity
    @DisplayName("racing selects with two receive cases: every value is received exactly once, and closed channels are dropped as nil")
    void racingReceiveSelectsReceiveEachValueOnce(int capacity) {
        int selectors = 4;
        int perProducer = pick(4_000, 32_000);
        Chan<Integer> a = Chan.make(capacity);
        Chan<Integer> b = Chan.make(capacity);
        AtomicIntegerArray received = new AtomicIntegerArray(2 * perProducer);
        AtomicInteger selectCount = new AtomicInteger();
        AtomicInteger handlerRuns = new AtomicInteger();

        Call<Void> producerA = goRun("producer a", () -> {
            for (int i = 0; i < perProducer; i++) {
                a.send(2 * i);
            }
            a.close();
        });
        Call<Void> producerB = goRun("producer b", () -> {
            for (int i = 0; i < perProducer; i++) {
                b.send(2 * i + 1);
            }
            b.close();
        });
        List<Call<Void>> selecting = new ArrayList<>();
        for (int s = 0; s < selectors; s++) {
            selecting.add(goRun("selector " + s, () -> {
                RecvChan<Integer> ra = a;
                RecvChan<Integer> rb = b;
                while (ra != null || rb != null) {
                    // As in Go, a closed channel is set to nil so that its case is never ready again.
                    int closed = Select.select(
                            Select.recvOk(ra, r -> onValue(r, 1, 0, received, handlerRuns)),
                            Select.recvOk(rb, r -> onValue(r, 2, 1, received, handlerRuns)));
                    selectCount.incrementAndGet();
                    if (closed == 1) {
                        ra = null;
                    } else if (closed == 2) {
                        rb = null;
                    }
                }
            }));
        }
        producerA.await();
        producerB.await();
        for (Call<Void> s : selecting) {
            s.await();
        }
        for (int v = 0; v < 2 * perProducer; v++) {
            assertEquals(1, received.get(v), "value " + v + " received this many times");
        }
        assertEquals(selectCount.get(), handlerRuns.get(), "exactly one handler per select");
    }

    /** Records a received value (checking it came from the right channel); returns tag if closed. */
    private static int onValue(Recv<Integer> r, int closedTag, int parity,
            AtomicIntegerArray received, AtomicInteger handlerRuns) {
        handlerRuns.incrementAndGet();
        if (!r.ok()) {
            assertNull(r.value());
            return closedTag;
        }
        assertEquals(parity, r.value() % 2, "value " + r.value() + " came out of the wrong channel");
        received.incrementAndGet(r.value());
        return 0;
    }

    // ---------------------------------------------------------------------------------------------

    /** Runs a select over a list of cases. */
    @SuppressWarnings("unchecked")
    private static <R> R select(List<? extends Select.Case<? extends R>> cases) {
        Select.Case<? extends R>[] array = (Select.Case<? extends R>[]) cases.toArray(new Select.Case<?>[0]);
        return Select.<R>select(array);
    }
}
