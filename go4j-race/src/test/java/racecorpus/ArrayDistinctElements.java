package racecorpus;

/** Two threads write different elements of one array: no race. */
@Expect(races = 0, category = "array element")
public class ArrayDistinctElements {
    public static void main(String[] args) throws Exception {
        Object[] a = new Object[4];
        Thread t = new Thread(() -> a[1] = "one");
        t.start();
        a[2] = "two";
        t.join();
        System.out.println(a[1] + " " + a[2]);
    }
}
