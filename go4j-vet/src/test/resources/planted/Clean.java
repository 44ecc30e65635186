// The same programs written as go4j-vet wants them (PluginTest): it compiles with no diagnostic.
import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.Select;
import io.go4j.context.Context;
import io.go4j.sync.Cond;
import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;
import io.go4j.time.Time;
import io.go4j.time.Timer;
import java.time.Duration;

class Clean {
    void cancelled(Context parent) {
        try (var child = Context.withTimeout(parent, Duration.ofSeconds(1))) {
            work(child);
        }
    }

    void addBeforeGo(WaitGroup wg) {
        wg.add(1);
        Go.go(wg::done);
        wg.go(() -> {});
        wg.await();
    }

    String bufferedSend() {
        Chan<String> result = Chan.make(1);
        Go.go(() -> result.send("x"));
        return Select.select(Select.recv(result), Select.recv(Time.after(Duration.ofSeconds(1)), t -> "timeout"));
    }

    void timerReset(Chan<String> in) {
        try (Timer timer = Time.newTimer(Duration.ofSeconds(1))) {
            while (true) {
                timer.reset(Duration.ofSeconds(1));
                Select.select(Select.onRecv(in, s -> {}), Select.onRecv(timer.c(), t -> {}));
            }
        }
    }

    void balanced(Mutex mu) {
        mu.lock();
        try {
            work(null);
        } finally {
            mu.unlock();
        }
    }

    void awaitInLoop(Cond c, boolean[] ready) {
        while (!ready[0]) c.await();
    }

    void work(Context c) {}
}
