// A planted bad example: each method holds one bug that a go4j-vet check reports (PluginTest).
// It is a test resource, compiled by the test with javac and the plugin, not by the build.
import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.Select;
import io.go4j.context.Context;
import io.go4j.sync.Cond;
import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;
import io.go4j.time.Time;
import java.time.Duration;

class Leaky {
    private Context ctx; // ContainedContext

    void lostCancel(Context parent) {
        var child = Context.withTimeout(parent, Duration.ofSeconds(1)); // LostCancel
        work(child);
    }

    void addInGoroutine(WaitGroup wg) {
        Go.go(() -> {
            wg.add(1); // WaitGroupAddInGoroutine
            wg.done();
        });
        wg.await();
    }

    String leakingSend() {
        Chan<String> result = Chan.make();
        Go.go(() -> result.send("x")); // UnbufferedSendMayLeak
        return Select.select(Select.recv(result), Select.recv(Time.after(Duration.ofSeconds(1)), t -> "timeout"));
    }

    void afterInLoop(Chan<String> in) {
        while (true) {
            Select.select(Select.onRecv(in, s -> {}), Select.onRecv(Time.after(Duration.ofSeconds(1)), t -> {})); // TimeAfterInLoop
        }
    }

    void unbalanced(Mutex mu) {
        mu.lock(); // UnbalancedLock
        work(null);
        mu.unlock();
    }

    void awaitOnce(Cond c, boolean ready) {
        if (!ready) c.await(); // CondAwaitOutsideLoop
    }

    void nilSelect() {
        Chan<String> nil = Chan.nil();
        Select.select(Select.recv(nil)); // SelectOnNilChannels
    }

    void work(Context c) {}
}
