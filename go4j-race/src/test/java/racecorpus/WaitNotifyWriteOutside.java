package racecorpus;

/** The notifier writes the data after leaving the monitor: the waiter's read races with it. */
@Expect(races = 1, category = "wait/notify")
public class WaitNotifyWriteOutside {
    int data;
    boolean ready;

    public static void main(String[] args) throws Exception {
        WaitNotifyWriteOutside p = new WaitNotifyWriteOutside();
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
            System.out.println(p.data); // RACE
        });
        t.start();
        synchronized (p) {
            p.ready = true;
            p.notifyAll();
        }
        p.data = 5; // RACE
        t.join();
    }
}
