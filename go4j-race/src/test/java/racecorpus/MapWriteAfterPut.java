package racecorpus;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The writer changes the entry after publishing it: a race with the reader, edge or not. */
@Expect(races = 1, category = "ConcurrentHashMap")
public class MapWriteAfterPut {
    static final class Entry {
        int v;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Entry> map = new ConcurrentHashMap<>();
        Thread t = new Thread(() -> {
            Entry e = new Entry();
            map.put("k", e);
            e.v = 10; // RACE
        });
        t.start();
        Entry e;
        while ((e = map.get("k")) == null) {
            Thread.onSpinWait();
        }
        System.out.println(e.v); // RACE
        t.join();
    }
}
