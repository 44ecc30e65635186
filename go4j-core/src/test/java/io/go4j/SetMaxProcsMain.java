package io.go4j;

/**
 * SetMaxProcsMain is the child process of GoTest's setMaxProcs tests: it calls
 * {@link Go#setMaxProcs(int)} and prints what it threw, so a test can run it in a JVM without
 * the jdk.management module ({@code --limit-modules java.base}).
 */
public final class SetMaxProcsMain {
    private SetMaxProcsMain() {}

    public static void main(String[] args) {
        try {
            System.out.println("previous " + Go.setMaxProcs(3));
        } catch (UnsupportedOperationException e) {
            System.out.println("unsupported: " + e.getMessage());
        }
    }
}
