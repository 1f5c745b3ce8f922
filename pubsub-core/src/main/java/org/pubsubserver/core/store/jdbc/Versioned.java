package org.pubsubserver.core.store.jdbc;

/**
 * A value read from the store with the version of its node at the time (see {@link SqlDialect#shared}): where other
 * instances share the database, a cached value is used only while the node's version is still this one.
 */
record Versioned<T>(T value, long version) {
}
