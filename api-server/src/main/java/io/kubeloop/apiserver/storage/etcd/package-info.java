/**
 * The etcd v3 storage backend: {@link io.kubeloop.apiserver.storage.etcd.EtcdStorage} implements
 * the storage SPI on a real etcd cluster through jetcd, so several stateless API servers can share
 * one store. etcd's revisions are the resourceVersions.
 *
 * <p>Entry points: {@link io.kubeloop.apiserver.storage.etcd.EtcdStorage#open(EtcdOptions)} with
 * {@link io.kubeloop.apiserver.storage.etcd.EtcdOptions#of(String)} ({@code --etcd-servers});
 * {@link io.kubeloop.apiserver.storage.etcd.EtcdCompactor} for the API servers' coordinated
 * compaction; {@link io.kubeloop.apiserver.storage.etcd.StorageCopy} to move data between stores
 * (SQLite to etcd and back); {@link io.kubeloop.apiserver.storage.etcd.LocalEtcdCluster} runs etcd
 * members as child processes for tests and benchmarks. Layout, semantics and operations: {@code
 * api-server/docs/etcd.md}.
 */
package io.kubeloop.apiserver.storage.etcd;
