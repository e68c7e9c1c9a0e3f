package io.kubeloop.benchmarks.apiserver;

import java.util.Arrays;

/**
 * Latencies (or any long values) collected by one thread, with percentiles. Not thread-safe: give
 * each thread its own and {@link #merge} them afterwards.
 */
final class Samples {

  private long[] values;
  private int count;
  private boolean sorted;

  Samples() {
    this(1 << 12);
  }

  Samples(int capacity) {
    values = new long[Math.max(16, capacity)];
  }

  void add(long value) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = value;
    sorted = false;
  }

  int count() {
    return count;
  }

  static Samples merge(Iterable<Samples> parts) {
    Samples all = new Samples();
    for (Samples s : parts) {
      for (int i = 0; i < s.count; i++) {
        all.add(s.values[i]);
      }
    }
    return all;
  }

  /** The value at quantile {@code q} (0..1), nearest rank; 0 when empty. */
  long quantile(double q) {
    if (count == 0) {
      return 0;
    }
    if (!sorted) {
      Arrays.sort(values, 0, count);
      sorted = true;
    }
    int rank = (int) Math.ceil(q * count) - 1;
    return values[Math.max(0, Math.min(count - 1, rank))];
  }

  long max() {
    return quantile(1.0);
  }

  /** The median of some doubles (e.g. rates of repeated rounds). */
  static double median(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    int n = copy.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
  }

  /** Nanoseconds as milliseconds with two decimals. */
  static String ms(long nanos) {
    return String.format("%.2f", nanos / 1e6);
  }
}
