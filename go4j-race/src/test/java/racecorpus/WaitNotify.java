package racecorpus;

/** A guarded wait: the notifier's writes under the monitor are seen by the waiter: no race. */
@Expect(races = 0, category = "wait/notify")
public class WaitNotify {
    int data;
    boolean ready;

    public static void main(String[] args) throws Exception {
        WaitNotify p = new WaitNotify();
        Thread t = new Thread(() -> {
            synchronized (p) {
                while (!p.ready) {
                    try {
                        p.wait();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            System.out.println(p.data);
        });
        t.start();
        synchronized (p) {
            p.data = 5;
            p.ready = true;
            p.notifyAll();
        }
        t.join();
    }
}
