/**
 * kubeloop's scheduler: kube-scheduler's semantics for the default profile, built directly on the
 * informers and workqueue modules and talking to the API server only through a Fabric8 client.
 *
 * <p>Public entry points: {@link io.kubeloop.operators.scheduler.Scheduler} (built with {@link
 * io.kubeloop.operators.scheduler.SchedulerBuilder}) runs the scheduler against a cluster; {@link
 * io.kubeloop.operators.scheduler.SchedulerSimulator} runs the same filter and score plugins on
 * nodes and pods held in memory. Everything else is package-private: the scheduling queue (active,
 * backoff and unschedulable parts), the cache of nodes and assumed pods with its per-cycle
 * snapshot, the plugin framework (PreFilter, Filter, PreScore/Score/normalize, Bind) and the
 * default plugins.
 */
package io.kubeloop.operators.scheduler;
