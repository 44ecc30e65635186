package io.go4j;

import static io.go4j.TestSupport.assertPrints;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.go4j.Go.go;

/**
 * The Javadoc examples of io.go4j's public types, run, with their printed output checked (Go's
 * {@code Example...} functions with {@code // Output:}).
 *
 * <p>The code between {@code // example:NAME} and {@code // end} is the example of the type
 * NAME exactly as its Javadoc shows it (JavadocExamplesTest checks that they agree); an example
 * whose Javadoc shows a helper method is split into several regions of the same NAME, joined with
 * a blank line. An example's {@code import} lines are this file's imports. The second
 * {@code <pre>} block of one declaration is NAME#2.
 */
class ExamplesTest {

    /** An example's body: may throw, as a snippet inside a method that declares it would. */

    @Test
    @DisplayName("package io.go4j: a goroutine sends a greeting that main receives")
    void examplePackage() throws Exception {
        assertPrints("hello from a goroutine\n", () -> {
            // example:package-info
            Chan<String> greetings = Chan.make();
            go(() -> greetings.send("hello from a goroutine"));
            System.out.println(greetings.recv());   // hello from a goroutine
            // end
        });
    }

    @Test
    @DisplayName("Go: go() runs the task in a new virtual thread")
    void exampleGo() throws Exception {
        assertPrints("virtual thread: true\n", () -> {
            // example:Go
            Chan<String> done = Chan.make();
            go(() -> done.send("virtual thread: " + Thread.currentThread().isVirtual()));
            System.out.println(done.recv());   // virtual thread: true
            // end
        });
    }

    @Test
    @DisplayName("Chan: range over a buffered channel receives until closed and drained")
    void exampleChan() throws Exception {
        assertPrints("1\n4\n9\n", () -> {
            // example:Chan
            Chan<Integer> squares = Chan.make(16);
            go(() -> {
                for (int i = 1; i <= 3; i++) squares.send(i * i);
                squares.close();
            });
            for (int sq : squares) System.out.println(sq);   // 1, 4, 9
            // end
        });
    }

    // example:SendChan
    static void produce(SendChan<Integer> out) {   // Go: func produce(out chan<- int)
        for (int i = 1; i <= 3; i++) out.send(i);
        out.close();
    }
    // end

    @Test
    @DisplayName("SendChan: a producer given only the send side sends and closes")
    void exampleSendChan() throws Exception {
        assertPrints("1\n2\n3\n", () -> {
            // example:SendChan
            Chan<Integer> ch = Chan.make();
            go(() -> produce(ch.sendOnly()));
            for (int v : ch) System.out.println(v);   // 1, 2, 3
            // end
        });
    }

    // example:RecvChan
    static int sum(RecvChan<Integer> in) {   // Go: func sum(in <-chan int) int
        int total = 0;
        for (int v : in) total += v;
        return total;
    }
    // end

    @Test
    @DisplayName("RecvChan: a consumer given only the receive side ranges until close")
    void exampleRecvChan() throws Exception {
        assertPrints("6\n", () -> {
            // example:RecvChan
            Chan<Integer> ch = Chan.make(3);
            for (int i = 1; i <= 3; i++) ch.send(i);
            ch.close();
            System.out.println(sum(ch.recvOnly()));   // 6
            // end
        });
    }

    @Test
    @DisplayName("Recv: comma-ok receive reports a sent value, then the close")
    void exampleRecv() throws Exception {
        assertPrints("Recv[value=x, ok=true]\nRecv[value=null, ok=false]\n", () -> {
            // example:Recv
            Chan<String> ch = Chan.make(1);
            ch.send("x");
            ch.close();
            System.out.println(ch.recvOk());   // Recv[value=x, ok=true]
            System.out.println(ch.recvOk());   // Recv[value=null, ok=false]
            // end
        });
    }

    @Test
    @DisplayName("Select: the ready receive case wins over the default")
    void exampleSelect() throws Exception {
        assertPrints("got done\n", () -> {
            // example:Select
            Chan<String> results = Chan.make(1);
            Chan<Boolean> quit = Chan.make();
            results.send("done");
            String what = Select.select(
                    Select.recv(results, v -> "got " + v),
                    Select.recv(quit, v -> "quit"),
                    Select.defaultCase(() -> "nothing ready"));
            System.out.println(what);   // got done
            // end
        });
    }

    @Test
    @DisplayName("Select.Case: a send case built as a value, then selected")
    void exampleSelectCase() throws Exception {
        assertPrints("sent 7\n", () -> {
            // example:Select.Case
            Chan<Integer> ch = Chan.make(1);
            Select.Case<String> sent = Select.send(ch, 7, () -> "sent 7");
            System.out.println(Select.select(sent));   // sent 7
            // end
        });
    }

    // example:Select.Chosen
    static int sumOddJobs(RecvChan<Integer> jobs, RecvChan<Empty> quit) {
        Select.Case<Integer> job = Select.recv(jobs);   // built once, reused by every select
        Select.Case<Empty> stop = Select.recv(quit);
        int sum = 0;
        loop:
        for (;;) {
            Select.Chosen c = Select.choose(job, stop);
            switch (c.index()) {
                case 0 -> {
                    if (!c.ok()) break loop;   // jobs closed and drained
                    int n = c.value(job);
                    if (n % 2 == 0) continue;  // skip even jobs
                    sum += n;
                }
                case 1 -> {
                    return -1;                 // told to quit
                }
            }
        }
        return sum;
    }
    // end

    @Test
    @DisplayName("Select.Chosen: a for-select loop uses break, continue and return, with no sentinel")
    void exampleSelectChosen() throws Exception {
        assertPrints("9\n-1\n", () -> {
            // example:Select.Chosen
            Chan<Integer> jobs = Chan.make(8);
            for (int i = 1; i <= 6; i++) jobs.send(i);
            jobs.close();
            System.out.println(sumOddJobs(jobs, Chan.make()));   // 9
            Chan<Empty> quit = Chan.make(1);
            quit.send(Empty.VALUE);
            System.out.println(sumOddJobs(Chan.make(), quit));   // -1
            // end
        });
    }

    @Test
    @DisplayName("Empty: a goroutine signals completion on a Chan<Empty>")
    void exampleEmpty() throws Exception {
        assertPrints("working\ndone {}\n", () -> {
            // example:Empty
            Chan<Empty> done = Chan.make();
            go(() -> {
                System.out.println("working");
                done.send(Empty.VALUE);   // Go: done <- struct{}{}
            });
            done.recv();                  // Go: <-done
            System.out.println("done " + Empty.VALUE);   // done {}
            // end
        });
    }

    @Test
    @DisplayName("Go.ThrowingRunnable: a goroutine calls a method that throws IOException without a try")
    void exampleGoThrowingRunnable() throws Exception {
        assertPrints("hello\n", () -> {
            // example:Go.ThrowingRunnable
            Path file = Files.writeString(Files.createTempFile("go4j", ".txt"), "hello");
            Chan<String> text = Chan.make();
            go(() -> text.send(Files.readString(file)));   // readString throws IOException: allowed
            System.out.println(text.recv());               // hello
            // end
            Files.delete(file);
        });
    }

    @Test
    @DisplayName("Go.goexit: the goroutine ends after its finally block runs")
    void exampleGogoexit() throws Exception {
        assertPrints("working\nfinally runs\n", () -> {
            // example:Go.goexit
            Chan<String> log = Chan.make(2);
            Thread t = go(() -> {
                try {
                    log.send("working");
                    Go.goexit();
                    log.send("never sent");
                } finally {
                    log.send("finally runs");
                }
            });
            t.join();
            System.out.println(log.recv());   // working
            System.out.println(log.recv());   // finally runs
            // end
        });
    }

    @Test
    @DisplayName("Go.withLabels: labels hold for the body and are inherited by goroutines it starts")
    void exampleGowithLabels() throws Exception {
        assertPrints("{request=r-42}\n{}\n", () -> {
            // example:Go.withLabels
            Go.withLabels(Map.of("request", "r-42"), () -> {
                Chan<Map<String, String>> seen = Chan.make(1);
                go(() -> seen.send(Go.labels()));   // goroutines inherit their creator's labels
                System.out.println(seen.recv());    // {request=r-42}
            });
            System.out.println(Go.labels());        // {}
            // end
        });
    }

    @Test
    @DisplayName("Go.goLocked: the goroutine runs on a platform thread of its own")
    void exampleGogoLocked() throws Exception {
        assertPrints("virtual: false\n", () -> {
            // example:Go.goLocked
            Chan<String> where = Chan.make();
            Go.goLocked(() -> {
                Go.lockOSThread();   // allowed: this goroutine has its own platform thread
                where.send("virtual: " + Thread.currentThread().isVirtual());
            });
            System.out.println(where.recv());   // virtual: false
            // end
        });
    }

    @Test
    @DisplayName("GoroutineInfo: a goroutine finds itself, named and running, in the snapshot")
    void exampleGoroutineInfo() throws Exception {
        assertPrints("worker [running]\n", () -> {
            // example:GoroutineInfo
            Chan<String> seen = Chan.make();
            go("worker", () -> {
                for (GoroutineInfo g : Go.goroutines()) {
                    if (g.id() == Go.goid()) seen.send(g.name() + " [" + g.status() + "]");
                }
            });
            System.out.println(seen.recv());   // worker [running]
            // end
        });
    }

    @Test
    @DisplayName("GoPanic: send on a closed channel panics with Go's message")
    void exampleGoPanic() throws Exception {
        assertPrints("send on closed channel\n", () -> {
            // example:GoPanic
            Chan<Integer> ch = Chan.make(1);
            ch.close();
            try {
                ch.send(1);
            } catch (GoPanic p) {
                System.out.println(p.getMessage());   // send on closed channel
            }
            // end
        });
    }

    @Test
    @DisplayName("GoInterruptedException: an interrupted receive throws and the flag stays set")
    void exampleGoInterruptedException() throws Exception {
        assertPrints("chan receive interrupted\ntrue\n", () -> {
            // example:GoInterruptedException
            Chan<String> ch = Chan.make();
            Thread t = Go.go(() -> {
                try {
                    ch.recv();
                } catch (GoInterruptedException e) {
                    System.out.println(e.getMessage());                          // chan receive interrupted
                    System.out.println(Thread.currentThread().isInterrupted());  // true: the flag is set again
                }
            });
            t.interrupt();
            t.join(Duration.ofSeconds(5));   // waits for the goroutine's output
            // end
        });
    }
}
