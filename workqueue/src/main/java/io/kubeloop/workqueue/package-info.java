/**
 * Work queues and rate limiters for controllers, with the semantics of client-go's {@code
 * util/workqueue}; no Kubernetes types.
 *
 * <ul>
 *   <li>{@link io.kubeloop.workqueue.WorkQueue}: dedup, one worker per item, re-processing of items
 *       added during processing, FIFO otherwise.
 *   <li>{@link io.kubeloop.workqueue.DelayingQueue}: adds {@code addAfter}, served by one waiting
 *       loop per queue.
 *   <li>{@link io.kubeloop.workqueue.RateLimitingQueue}: adds {@code addRateLimited}, {@code
 *       forget} and {@code numRequeues} over a {@link io.kubeloop.workqueue.RateLimiter}.
 *   <li>{@link io.kubeloop.workqueue.WorkQueueBuilder}: name, {@link io.kubeloop.workqueue.Clock},
 *       Micrometer registry (optional dependency) and rate limiter.
 *   <li>{@link io.kubeloop.workqueue.FakeClock}: steps time in tests; delayed items become ready
 *       without sleeping.
 * </ul>
 *
 * <p>Everything here is thread-safe and blocks only through {@code java.util.concurrent} locks, so
 * virtual threads can be workers.
 */
package io.kubeloop.workqueue;
