/**
 * The etcd storage backend under load: {@link io.kubeloop.benchmarks.etcd.EtcdThroughput} measures
 * creates and GETs through one and two API servers on a 3-member etcd cluster, side by side with
 * raw etcd puts of the same value size and concurrency (the peer, and the practical limit).
 */
package io.kubeloop.benchmarks.etcd;
