package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

/**
 * Resource quantities as apimachinery's {@code resource.Quantity} parses and prints them. Fabric8's
 * {@link Quantity} keeps whatever string it was given (even {@code "abc"}); this class decides
 * whether that string is a quantity, what it is worth, and how kube would print it ({@code 2000m}
 * prints as {@code 2}, {@code 1536Mi} as {@code 1536Mi}, {@code 0.1} as {@code 100m}).
 */
final class Quantities {

  static final String FORMAT_ERROR =
      "quantities must match the regular expression"
          + " '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  static final String SUFFIX_ERROR = "unable to parse quantity's suffix";

  enum Format {
    DECIMAL_SI,
    BINARY_SI,
    DECIMAL_EXPONENT
  }

  /** A parsed quantity: its exact value and the format kube remembers for printing. */
  record Parsed(BigDecimal value, Format format) {}

  private static final Map<String, Integer> BINARY_SUFFIXES =
      Map.of("Ki", 1, "Mi", 2, "Gi", 3, "Ti", 4, "Pi", 5, "Ei", 6);
  private static final Map<String, Integer> DECIMAL_SUFFIXES =
      Map.of("n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
  private static final BigInteger KI = BigInteger.valueOf(1024);

  private Quantities() {}

  /** The full text of a Fabric8 quantity ({@code amount} followed by {@code format}). */
  static String text(Quantity q) {
    if (q == null) {
      return "";
    }
    String amount = q.getAmount() == null ? "" : q.getAmount();
    String format = q.getFormat() == null ? "" : q.getFormat();
    return amount + format;
  }

  /** Why {@code text} is not a quantity, or empty when it is one. */
  static Optional<String> problem(String text) {
    try {
      parse(text);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * Parses a quantity like kube's {@code ParseQuantity}.
   *
   * @throws IllegalArgumentException with kube's message when {@code text} is not a quantity
   */
  static Parsed parse(String text) {
    String s = text;
    if (s.isEmpty()) {
      throw new IllegalArgumentException(FORMAT_ERROR);
    }
    int i = 0;
    boolean negative = false;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      negative = s.charAt(0) == '-';
      i++;
    }
    int numberStart = i;
    int digits = 0;
    int dots = 0;
    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
      if (s.charAt(i) == '.') {
        dots++;
      } else {
        digits++;
      }
      i++;
    }
    if (digits == 0 || dots > 1) {
      throw new IllegalArgumentException(FORMAT_ERROR);
    }
    String number = s.substring(numberStart, i);
    String suffix = s.substring(i);
    if (!suffix.matches("[eEinumkKMGTP]*[-+]?[0-9]*")) {
      throw new IllegalArgumentException(FORMAT_ERROR);
    }
    BigDecimal value = new BigDecimal(number.startsWith(".") ? "0" + number : number);
    Format format;
    if (BINARY_SUFFIXES.containsKey(suffix)) {
      format = Format.BINARY_SI;
      value = value.multiply(new BigDecimal(KI.pow(BINARY_SUFFIXES.get(suffix))));
    } else if (DECIMAL_SUFFIXES.containsKey(suffix)) {
      format = Format.DECIMAL_SI;
      value = value.scaleByPowerOfTen(DECIMAL_SUFFIXES.get(suffix));
    } else if (suffix.matches("[eE][-+]?[0-9]+")) {
      format = Format.DECIMAL_EXPONENT;
      int exponent;
      try {
        exponent = Integer.parseInt(suffix.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(SUFFIX_ERROR);
      }
      value = value.scaleByPowerOfTen(exponent);
    } else {
      throw new IllegalArgumentException(SUFFIX_ERROR);
    }
    if (negative) {
      value = value.negate();
    }
    // kube keeps at most nano precision and rounds anything finer up
    if (value.scale() > 9) {
      value = value.setScale(9, RoundingMode.CEILING);
    }
    return new Parsed(value, format);
  }

  /** The value of a valid quantity. */
  static BigDecimal value(Quantity q) {
    return parse(text(q)).value();
  }

  /** kube's {@code Quantity.String()} of a valid quantity. */
  static String canonical(Quantity q) {
    return canonical(parse(text(q)));
  }

  static String canonical(Parsed p) {
    BigDecimal v = p.value();
    if (v.signum() == 0) {
      return "0";
    }
    Format format = p.format();
    if (format == Format.BINARY_SI) {
      boolean small = v.abs().compareTo(BigDecimal.valueOf(1024)) < 0;
      boolean integral = v.stripTrailingZeros().scale() <= 0;
      if (small || !integral) {
        format = Format.DECIMAL_SI;
      }
    }
    if (format == Format.BINARY_SI) {
      BigInteger n = v.toBigIntegerExact();
      int exponent = 0;
      while (exponent < 6 && n.mod(KI).signum() == 0) {
        n = n.divide(KI);
        exponent++;
      }
      String suffix =
          switch (exponent) {
            case 0 -> "";
            case 1 -> "Ki";
            case 2 -> "Mi";
            case 3 -> "Gi";
            case 4 -> "Ti";
            case 5 -> "Pi";
            default -> "Ei";
          };
      return n + suffix;
    }
    BigDecimal stripped = v.stripTrailingZeros();
    BigInteger mantissa = stripped.unscaledValue();
    int exponent = -stripped.scale();
    int shift = Math.floorMod(exponent, 3);
    mantissa = mantissa.multiply(BigInteger.TEN.pow(shift));
    exponent -= shift;
    if (format == Format.DECIMAL_EXPONENT) {
      return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
    }
    String suffix =
        switch (exponent) {
          case -9 -> "n";
          case -6 -> "u";
          case -3 -> "m";
          case 0 -> "";
          case 3 -> "k";
          case 6 -> "M";
          case 9 -> "G";
          case 12 -> "T";
          case 15 -> "P";
          case 18 -> "E";
          default -> null;
        };
    if (suffix == null) {
      return mantissa + "e" + exponent;
    }
    return mantissa + suffix;
  }

  /**
   * The quantity rounded up to milli precision and printed as kube prints it, the default kube
   * applies to resource lists; {@code q} itself when it is not a valid quantity (validation will
   * report it).
   */
  static Quantity normalized(Quantity q) {
    Parsed p;
    try {
      p = parse(text(q));
    } catch (IllegalArgumentException e) {
      return q;
    }
    BigDecimal v = p.value();
    if (v.scale() > 3) {
      v = v.setScale(3, RoundingMode.CEILING);
    }
    return new Quantity(canonical(new Parsed(v, p.format())));
  }
}
