/**
 * Reconcile throughput of kubeloop's runtime beside the Java Operator SDK, on one in-process API
 * server in one run: {@link io.kubeloop.benchmarks.runtime.ReconcileThroughput} starts a no-op
 * controller over many existing ConfigMaps and times until every one was reconciled once. Command
 * and results are in {@code benchmarks/README.md}.
 */
package io.kubeloop.benchmarks.runtime;
