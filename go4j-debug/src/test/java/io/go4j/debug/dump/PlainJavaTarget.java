package io.go4j.debug.dump;

/** A program without go4j, for {@link AttachTest}: prints {@code ready}, then sleeps. */
public final class PlainJavaTarget {
    private PlainJavaTarget() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
