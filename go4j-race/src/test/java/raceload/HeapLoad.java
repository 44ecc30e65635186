package raceload;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * HeapLoad is the heap measurement of go4j-race's README ("Overhead"): many small objects and a
 * large array, each field and element written by one thread and read by another after a join
 * (race-free), then the heap is measured with every object still reachable. Run it with and
 * without the agent:
 * <pre>
 * java [-javaagent:go4j-race.jar] -Xmx4g -cp target/test-classes raceload.HeapLoad
 * </pre>
 * It prints the live heap after a full collection (what the objects and the detector's state
 * about them retain) and the peak used heap (the sum of the heap pools' peaks), in MB.
 */
public final class HeapLoad {
    static final class Node {
        int a;
        long b;
        Node next;
    }

    private HeapLoad() {}

    public static void main(String[] args) throws Exception {
        int objects = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        Node[] nodes = new Node[objects];
        int[] elements = new int[objects * 2];
        Thread writer = new Thread(() -> {
            for (int i = 0; i < nodes.length; i++) {
                Node n = new Node();
                n.a = i;
                n.b = i * 2L;
                n.next = i > 0 ? nodes[i - 1] : null;
                nodes[i] = n;
            }
            for (int i = 0; i < elements.length; i++) {
                elements[i] = i;
            }
        });
        writer.start();
        writer.join();
        long sum = 0;
        for (int round = 0; round < 3; round++) {
            Thread reader = new Thread(() -> {
                long s = 0;
                for (Node n : nodes) {
                    s += n.a + n.b;
                    n.a++;
                }
                for (int i = 0; i < elements.length; i++) {
                    s += elements[i];
                    elements[i]++;
                }
                if (s == 42) {
                    System.out.println("unlikely");
                }
            });
            reader.start();
            reader.join();
        }
        for (Node n : nodes) {
            sum += n.a;
        }
        System.gc();
        System.gc();
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        System.out.printf("objects %d, elements %d: live heap %d MB, peak used heap %d MB (%d)%n", objects,
                elements.length, live >> 20, peak >> 20, sum % 10);
        System.out.println(nodes.length + elements.length > 0);   // keeps both reachable until here
    }
}
