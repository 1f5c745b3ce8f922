package org.pubsubserver.core.store.jdbc;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * A cache of what the store reads often and changes seldom (a node, a node's subscriptions), with the
 * database as the truth. A write invalidates its keys when it is made and again when its transaction ends
 * (see {@link Transactions#whenSettled}); a load that overlapped any invalidation is not kept, so a reader on
 * another thread never caches what a write was replacing meanwhile. A thread whose group has uncommitted
 * writes to cached data reads the database itself, neither the cache nor into it: it sees its own writes,
 * and no other thread sees them early.
 * Bounded by a total weight: past it, the cache starts over empty.
 */
final class ReadCache<K, V> {
    private final ConcurrentHashMap<K, V> entries = new ConcurrentHashMap<>();
    private final AtomicLong invalidations = new AtomicLong();
    private final AtomicLong weight = new AtomicLong();
    private final long maxWeight;
    private final ToIntFunction<V> weigher;
    private final BooleanSupplier readsCommitted;

    /**
     * {@code weigher}: what an entry counts against {@code maxWeight} (1 for each node, say);
     * {@code readsCommitted}: whether what the calling thread reads now is committed data only.
     */
    ReadCache(long maxWeight, ToIntFunction<V> weigher, BooleanSupplier readsCommitted) {
        this.maxWeight = maxWeight;
        this.weigher = weigher;
        this.readsCommitted = readsCommitted;
    }

    /** The cached value, or what {@code load} reads (kept unless an invalidation overlapped it); null is not kept. */
    V get(K key, Supplier<V> load) {
        return get(key, cached -> true, load);
    }

    /**
     * As {@link #get(Object, Supplier)}, where a cached value is used only if {@code current} says it still is (it
     * checks the value's version against the store's, for one): one that is not is dropped and loaded again.
     */
    V get(K key, Predicate<V> current, Supplier<V> load) {
        if (!readsCommitted.getAsBoolean()) {
            // its own uncommitted writes are only in the database: another thread may have cached the
            // committed value after this thread's write invalidated it
            return load.get();
        }
        V cached = entries.get(key);
        if (cached != null) {
            if (current.test(cached)) {
                return cached;
            }
            if (entries.remove(key, cached)) {
                weight.addAndGet(-Math.max(1, weigher.applyAsInt(cached)));
            }
        }
        long before = invalidations.get();
        V loaded = load.get();
        if (loaded == null || invalidations.get() != before) {
            return loaded;
        }
        int entryWeight = Math.max(1, weigher.applyAsInt(loaded));
        if (weight.addAndGet(entryWeight) > maxWeight) {
            // full: start over (what is dropped is not stale, so loads under way may still be kept)
            entries.clear();
            weight.set(entryWeight);
        }
        V replaced = entries.put(key, loaded);
        if (replaced != null) {
            weight.addAndGet(-Math.max(1, weigher.applyAsInt(replaced))); // two loads of one key
        }
        if (invalidations.get() != before && entries.remove(key, loaded)) {
            // an invalidation ran between the check and the put: what was put may be stale
            weight.addAndGet(-entryWeight);
        }
        return loaded;
    }

    /** The cached value, if there is one, as it is (for checks that must not load). */
    V peek(K key) {
        return entries.get(key);
    }

    void invalidate(K key) {
        invalidations.incrementAndGet();
        V removed = entries.remove(key);
        if (removed != null) {
            weight.addAndGet(-Math.max(1, weigher.applyAsInt(removed)));
        }
    }
}
