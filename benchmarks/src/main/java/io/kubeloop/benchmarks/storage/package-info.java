/**
 * Storage benchmarks: durable creates per second of the embedded backends (SQLite, chosen, and
 * RocksDB, the candidate not chosen) with the in-memory store as a reference, and a kill -9 check
 * of both durable candidates. Results and commands are in {@code api-server/docs/storage.md}.
 */
package io.kubeloop.benchmarks.storage;
