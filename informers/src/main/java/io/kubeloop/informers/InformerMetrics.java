package io.kubeloop.informers;

import java.util.function.DoubleSupplier;

/**
 * What an informer counts. {@link #NONE} records nothing; {@link MicrometerInformerMetrics}
 * publishes to Micrometer. Implementations are thread-safe.
 */
interface InformerMetrics {

  /** A LIST request (one page) or a streaming list started. */
  void listed();

  /** A watch was opened. */
  void watched();

  /** The cache was rebuilt from a new list after the first one (410 Expired or an error). */
  void relisted();

  /** A list or watch attempt failed. */
  void failed(InformerError.Phase phase);

  /** Registers the gauges; called once when the informer starts. */
  void gauges(DoubleSupplier storeSize, DoubleSupplier lastSyncAgeSeconds);

  /** Removes the gauges; called when the informer stops. */
  void close();

  InformerMetrics NONE =
      new InformerMetrics() {
        @Override
        public void listed() {}

        @Override
        public void watched() {}

        @Override
        public void relisted() {}

        @Override
        public void failed(InformerError.Phase phase) {}

        @Override
        public void gauges(DoubleSupplier storeSize, DoubleSupplier lastSyncAgeSeconds) {}

        @Override
        public void close() {}
      };
}
