package io.go4j.debug.pprof;

import static org.junit.jupiter.api.Assertions.*;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.debug.Profile;
import io.go4j.debug.Profiling;
import io.go4j.debug.testing.Await;
import io.go4j.debug.testing.GoTool;
import io.go4j.sync.Mutex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a Go 1.19 program of the same shape as a go4j one (three goroutines blocked receiving
 * from a channel, one Mutex handed from its holder to a waiter) and checks that the debug=1 block
 * and mutex profiles of both have the same lines: the same headers, records of
 * "delay count @ addresses", "#" frame lines in tab-aligned columns.
 */
@DisplayName("The debug=1 block and mutex texts, side by side with Go 1.19's")
class GoTwinTextTest {
    private static final String GO_PROGRAM = """
            package main

            import (
            \t"os"
            \t"runtime"
            \t"runtime/pprof"
            \t"sync"
            \t"time"
            )

            func blocked(ch chan int, wg *sync.WaitGroup) { <-ch; wg.Done() }

            func holdThenUnlock(mu *sync.Mutex) { mu.Unlock() }

            func main() {
            \truntime.SetBlockProfileRate(1)
            \truntime.SetMutexProfileFraction(1)
            \tch := make(chan int)
            \tvar wg sync.WaitGroup
            \tfor i := 0; i < 3; i++ {
            \t\twg.Add(1)
            \t\tgo blocked(ch, &wg)
            \t}
            \ttime.Sleep(20 * time.Millisecond)
            \tfor i := 0; i < 3; i++ {
            \t\tch <- i
            \t}
            \twg.Wait()
            \tvar mu sync.Mutex
            \tmu.Lock()
            \tdone := make(chan bool)
            \tgo func() { mu.Lock(); mu.Unlock(); done <- true }()
            \ttime.Sleep(20 * time.Millisecond)
            \tholdThenUnlock(&mu)
            \t<-done
            \tpprof.Lookup("block").WriteTo(os.Stdout, 1)
            \tpprof.Lookup("mutex").WriteTo(os.Stdout, 1)
            }
            """;

    @TempDir
    Path dir;

    @AfterEach
    void off() {
        Profiling.setBlockProfileRate(0);
        Profiling.setMutexProfileFraction(0);
    }

    @Test
    @DisplayName("block and mutex debug=1 have Go's headers, record lines and '#' columns")
    void sameShapeAsGo() throws Exception {
        List<String> go = GoTool.runProgram(dir, GO_PROGRAM).lines().toList();

        Profiling.setBlockProfileRate(1);
        Profiling.setMutexProfileFraction(1);
        Chan<Integer> ch = Chan.make();
        List<Thread> receivers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            receivers.add(Go.go(() -> blocked(ch)));
        }
        Await.parked("chan receive", receivers);
        for (int i = 0; i < 3; i++) {
            ch.send(i);
        }
        for (Thread t : receivers) {
            assertTrue(t.join(Await.LONG));
        }
        Mutex mu = new Mutex();
        mu.lock();
        Thread waiter = Go.go(() -> {
            mu.lock();
            mu.unlock();
        });
        Await.parked("sync.Mutex.Lock", List.of(waiter));
        holdThenUnlock(mu);
        assertTrue(waiter.join(Await.LONG));
        List<String> block = BlockProfileTest.text(Profile.lookup("block")).lines().toList();
        List<String> mutex = BlockProfileTest.text(Profile.lookup("mutex")).lines().toList();

        int goMutex = go.indexOf("--- mutex:");
        assertTrue(goMutex > 0, String.join("\n", go));
        List<String> goBlock = go.subList(0, goMutex);
        List<String> goMutexLines = go.subList(goMutex, go.size());

        // headers: the same lines, only Go's tick rate differs from go4j's nanoseconds
        assertEquals("--- contention:", goBlock.get(0));
        assertEquals(goBlock.get(0), block.get(0));
        assertTrue(goBlock.get(1).matches("cycles/second=\\d+"), goBlock.get(1));
        assertTrue(block.get(1).matches("cycles/second=\\d+"), block.get(1));
        assertEquals(goMutexLines.subList(0, 1), mutex.subList(0, 1));
        assertEquals("sampling period=1", goMutexLines.get(2));
        assertEquals(goMutexLines.get(2), mutex.get(2));

        // the records: one checker for both (Go's '#' addresses are the call's, one below '@')
        TextFormats.checkContentionRecord(goBlock, recordOf(goBlock, "main.blocked+"), 3, 1);
        TextFormats.checkContentionRecord(block, recordOf(block, "GoTwinTextTest.blocked+"), 3, 0);
        TextFormats.checkContentionRecord(goMutexLines, recordOf(goMutexLines, "main.holdThenUnlock+"), 1, 1);
        TextFormats.checkContentionRecord(mutex, recordOf(mutex, "GoTwinTextTest.holdThenUnlock+"), 1, 0);
    }

    /** The index of the record line above the '#' line that mentions {@code function}. */
    private static int recordOf(List<String> lines, String function) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("#") && lines.get(i).contains(function)) {
                int r = i;
                while (lines.get(r).startsWith("#")) {
                    r--;
                }
                return r;
            }
        }
        return fail("no record with " + function + " in:\n" + String.join("\n", lines));
    }

    static void blocked(Chan<Integer> ch) {
        ch.recv();
    }

    static void holdThenUnlock(Mutex mu) {
        mu.unlock();
    }
}
