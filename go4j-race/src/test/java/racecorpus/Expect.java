package racecorpus;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What running a corpus program under the agent must report: {@code races} reports, naming the
 * source lines marked {@code // RACE} in the program's file. A race-free program expects 0.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Expect {
    /** How many race reports. */
    int races();

    /** What the program shows, for the README's table. */
    String category();
}
