/**
 * JMH benchmarks of {@code io.kubeloop.workqueue}, each run beside kubernetes-client/java's work
 * queues (the peer) and a JDK queue (the practical limit).
 */
package io.kubeloop.benchmarks.workqueue;
