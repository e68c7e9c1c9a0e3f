package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Kubernetes quantities as the integers the scheduler adds up, rounded up as kube rounds them. */
final class Quantities {

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  private Quantities() {}

  /** {@code resource.Quantity.MilliValue()}: thousandths, rounded up ("100m" → 100, "1" → 1000). */
  static long milliValue(Quantity quantity) {
    if (quantity == null) {
      return 0;
    }
    String format = quantity.getFormat();
    String amount = quantity.getAmount();
    if (format != null && format.equals("m") && isDigits(amount)) {
      return Long.parseLong(amount);
    }
    if ((format == null || format.isEmpty()) && isDigits(amount)) {
      return Math.multiplyExact(Long.parseLong(amount), 1000L);
    }
    return toLong(quantity.getNumericalAmount().multiply(THOUSAND));
  }

  /**
   * {@code resource.Quantity.Value()}: the integer value, rounded up ("1Ki" → 1024, "1500m" → 2).
   */
  static long value(Quantity quantity) {
    if (quantity == null) {
      return 0;
    }
    String format = quantity.getFormat();
    String amount = quantity.getAmount();
    if (isDigits(amount)) {
      long multiplier = multiplier(format);
      if (multiplier > 0) {
        long n = Long.parseLong(amount);
        if (n <= Long.MAX_VALUE / multiplier) {
          return n * multiplier;
        }
      }
    }
    return toLong(quantity.getNumericalAmount());
  }

  /** The factor of a whole-number suffix ("", "Ki"... "Ei", "k"... "E"); 0 for any other. */
  private static long multiplier(String format) {
    if (format == null) {
      return 1;
    }
    return switch (format) {
      case "" -> 1;
      case "Ki" -> 1L << 10;
      case "Mi" -> 1L << 20;
      case "Gi" -> 1L << 30;
      case "Ti" -> 1L << 40;
      case "Pi" -> 1L << 50;
      case "Ei" -> 1L << 60;
      case "k" -> 1_000L;
      case "M" -> 1_000_000L;
      case "G" -> 1_000_000_000L;
      case "T" -> 1_000_000_000_000L;
      case "P" -> 1_000_000_000_000_000L;
      case "E" -> 1_000_000_000_000_000_000L;
      default -> 0;
    };
  }

  private static long toLong(BigDecimal value) {
    BigDecimal rounded = value.setScale(0, RoundingMode.CEILING);
    // kube saturates instead of overflowing; so do we
    if (rounded.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return Long.MAX_VALUE;
    }
    return rounded.longValue();
  }

  private static boolean isDigits(String s) {
    if (s == null || s.isEmpty() || s.length() > 17) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
