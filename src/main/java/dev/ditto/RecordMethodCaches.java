package dev.ditto;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.runtime.ObjectMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets go of the web application's record classes that the JDK's record support still holds.
 *
 * <p>A record's {@code equals}, {@code hashCode} and {@code toString} are bootstrapped by
 * {@link ObjectMethods}, which adapts a few shared static method handles to the record's types
 * ({@code asType}). On Java 17 each of those handles keeps its last adaptation in a strong
 * one-entry cache ({@code MethodHandle.asTypeCache}; made weak for other class loaders in Java
 * 19), so whichever record was bootstrapped last is reachable from a JDK class for as long as the
 * JVM runs: if it is one of ours, so is the web application's class loader, and an undeploy
 * leaks it. Found by the app-server redeploy check: {@code ObjectMethods.OBJECT_EQ} held
 * {@code RetentionSettings} after a configuration reload compared two configurations.
 *
 * <p>{@link #release()} bootstraps the three methods once more for JDK types only, which
 * replaces every such cache entry. Called last when the web application stops.
 */
final class RecordMethodCaches {

    private static final Logger LOG = LoggerFactory.getLogger(RecordMethodCaches.class);

    private RecordMethodCaches() {}

    /** Points the JDK's record-method caches at JDK types; where that is not possible, logs why and does nothing. */
    static void release() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            // A getter of a reference type, as a String "record" with one String component would have.
            MethodHandle getter = lookup.findVirtual(String.class, "trim", MethodType.methodType(String.class));
            for (String method : new String[] {"equals", "hashCode", "toString"}) {
                ObjectMethods.bootstrap(lookup, method, MethodHandle.class, String.class, "value", getter);
            }
        } catch (Throwable e) {
            // Newer JDKs hold these caches weakly and may refuse a class that is not a record: nothing to release.
            LOG.debug("event=record_method_caches_not_released error=\"{}\"", e.toString());
        }
    }
}
