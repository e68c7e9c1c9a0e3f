package io.kubeloop.workqueue;

/**
 * What a queue reports about itself, with client-go's metric semantics. The only implementation
 * with a backend is {@link MicrometerQueueMetrics}, built only when a registry is given, so that
 * Micrometer is needed on the class path only by users of metrics.
 *
 * <p>Implementations are thread-safe and never throw.
 */
interface QueueMetrics {

  /** Reports nothing; queues built with it do not even read the clock. */
  QueueMetrics NONE =
      new QueueMetrics() {
        @Override
        public boolean enabled() {
          return false;
        }

        @Override
        public void bind(QueueGauges gauges) {}

        @Override
        public void added() {}

        @Override
        public void queued(long nanos) {}

        @Override
        public void worked(long nanos) {}

        @Override
        public void retried() {}
      };

  /** Whether anything is recorded; when false the queue skips clock readings. */
  boolean enabled();

  /** Registers the gauges, read from {@code gauges} when scraped. Called once per queue. */
  void bind(QueueGauges gauges);

  /** {@code workqueue_adds_total}: an add made an item dirty (duplicates do not count). */
  void added();

  /** {@code workqueue_queue_duration_seconds}: an item waited {@code nanos} before a get. */
  void queued(long nanos);

  /** {@code workqueue_work_duration_seconds}: an item was processed for {@code nanos}. */
  void worked(long nanos);

  /** {@code workqueue_retries_total}: an {@code addAfter} (or rate-limited add) was accepted. */
  void retried();
}
