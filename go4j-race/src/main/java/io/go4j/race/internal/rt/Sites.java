package io.go4j.race.internal.rt;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.Arrays;

/**
 * Sites is the table of instrumented access sites: each field or array access instruction the
 * agent instruments gets an id, passed to the runtime as a constant, that maps to where it is
 * (class, method, source file, line) for reports, and to the field it names.
 *
 * <p>Invariants: ids are dense from 0 and never reused; a site, once registered, never changes
 * except for its lazily resolved {@link Site#field}, which is idempotent (two threads resolving at
 * once find the same key).
 */
public final class Sites {
    /** One access site. */
    static final class Site {
        final String owner;          // the field's owner as the instruction names it (dotted); null for arrays
        final String name;           // the field's name; null for arrays
        final String className;      // the accessing code's class (dotted)
        final String method;
        final String file;           // the source file's name, or null
        final int line;              // or 0
        final WeakReference<ClassLoader> loader;
        final int methodKey;         // the accessing method's key (methodKey)
        volatile FieldKey field;     // resolved on first execution

        Site(String owner, String name, String className, String method, String file, int line, ClassLoader loader,
             int methodKey) {
            this.methodKey = methodKey;
            this.owner = owner;
            this.name = name;
            this.className = className;
            this.method = method;
            this.file = file;
            this.line = line;
            this.loader = new WeakReference<>(loader);
        }

        /** Resolves an instance field access on an object of class {@code runtime}. */
        FieldKey resolveInstance(Class<?> runtime) {
            Class<?> c = runtime;
            while (c != null && !c.getName().equals(owner)) {
                c = c.getSuperclass();
            }
            Class<?> from = c == null ? runtime : c;
            Field f = FieldKey.resolve(from, name);
            FieldKey k = f == null ? FieldKey.unresolved(from, name) : FieldKey.of(f);
            field = k;
            return k;
        }

        /** Resolves a static field access. */
        FieldKey resolveStatic() {
            Class<?> c;
            try {
                c = Class.forName(owner, false, loader.get());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("go4j-race: cannot resolve " + owner + "." + name, e);
            }
            Field f = FieldKey.resolve(c, name);
            FieldKey k = f == null ? FieldKey.unresolved(c, name) : FieldKey.of(f);
            field = k;
            return k;
        }
    }

    private static final Object LOCK = new Object();
    private static volatile Site[] sites = new Site[1024];   // grown under LOCK, published by the volatile write
    private static int count;                                 // guarded by LOCK

    private Sites() {}

    /**
     * Registers an access site and returns its id.
     *
     * @param owner     the owner of the field the instruction names (internal or dotted name), or
     *                  null for an array element
     * @param name      the field's name, or null for an array element
     * @param className the accessing class (internal or dotted name)
     * @param method    the accessing method's name
     * @param file      its source file's name, or null
     * @param line      the source line, or 0
     * @param loader    the accessing class's loader
     * @return the site's id
     */
    public static int register(String owner, String name, String className, String method, String file,
                               int line, ClassLoader loader) {
        Site s = new Site(owner == null ? null : owner.replace('/', '.'), name, className.replace('/', '.'),
                method, file, line, loader, methodKey(className, method));
        synchronized (LOCK) {
            Site[] a = sites;
            if (count == a.length) {
                a = Arrays.copyOf(a, count * 2);
            }
            a[count] = s;
            sites = a;
            return count++;
        }
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, Integer> METHODS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Returns the key of a method (by class and name: overloads share one, which only matters
     * to a recursive unwind, see Rt.unwind).
     *
     * @param className the class (internal or dotted name)
     * @param method    the method's name
     * @return its key
     */
    public static int methodKey(String className, String method) {
        return METHODS.computeIfAbsent(className.replace('/', '.') + "." + method, k -> METHODS.size());
    }

    /** Returns the site {@code id}. */
    static Site get(int id) {
        return sites[id];
    }

    /** Returns how many sites were registered. */
    static int count() {
        synchronized (LOCK) {
            return count;
        }
    }
}
