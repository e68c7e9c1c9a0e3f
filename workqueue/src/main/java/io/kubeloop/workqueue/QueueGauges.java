package io.kubeloop.workqueue;

/** The values a queue computes for its gauges when they are scraped. Thread-safe. */
interface QueueGauges {

  /** {@code workqueue_depth}: items dirty (waiting, or to be handed out again after done). */
  double depth();

  /** {@code workqueue_unfinished_work_seconds}: total age of the work in progress. */
  double unfinishedWorkSeconds();

  /** {@code workqueue_longest_running_processor_seconds}: age of the oldest work in progress. */
  double longestRunningProcessorSeconds();
}
