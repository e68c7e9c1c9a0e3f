/**
 * The storage SPI: an etcd-v3-like revisioned key-value store. Every write gets the next value of
 * one store-wide revision counter; {@code metadata.resourceVersion} is that revision. Keys look
 * like {@code /registry/<group>/<resource>/<namespace>/<name>}; values are the serialized objects,
 * opaque to the store.
 *
 * <p>Backends: {@link io.kubeloop.apiserver.storage.SqliteStorage#open(java.nio.file.Path)}, the
 * embedded durable store (one SQLite file, fsynced group commit, survives {@code kill -9}), and
 * {@link io.kubeloop.apiserver.storage.MemoryStorage#create()} for tests. {@link
 * io.kubeloop.apiserver.storage.StorageOptions} injects the clock TTLs are measured with. Design
 * and measurements: {@code api-server/docs/storage.md}.
 */
package io.kubeloop.apiserver.storage;
