package racecorpus;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An object published through ConcurrentHashMap.put, read after get: no race. */
@Expect(races = 0, category = "ConcurrentHashMap")
public class MapPublication {
    static final class Entry {
        int v;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Entry> map = new ConcurrentHashMap<>();
        Thread t = new Thread(() -> {
            Entry e = new Entry();
            e.v = 9;
            map.put("k", e);
        });
        t.start();
        Entry e;
        while ((e = map.get("k")) == null) {
            Thread.onSpinWait();
        }
        System.out.println(e.v);
        t.join();
    }
}
