package io.kubeloop.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Renders JSON values the way Go's {@code fmt} prints the {@code interface{}} values kube's
 * validation code holds: {@code %v} for numbers ({@code 1e+06}), {@code %q} for strings and {@code
 * %#v} for objects and arrays ({@code map[string]interface {}{"name":"a"}}). kube puts these
 * renderings into its error messages, so ours must match them byte for byte.
 */
final class GoFormat {

  private GoFormat() {}

  /** A pre-rendered bad value: {@code FieldError} prints non-strings with {@code toString()}. */
  record Rendered(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * The bad value kube's {@code field.Error} would print for {@code value}: strings stay strings
   * (FieldError quotes them), integers stay longs, everything else is pre-rendered.
   */
  static Object badValue(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    return new Rendered(sharpV(value));
  }

  /** Go's {@code %v} for a float64. */
  static String formatFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0" : "0";
    }
    // Java's Double.toString gives the shortest digits that round-trip, as Go's 'g' with -1.
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
    StringBuilder sb = new StringBuilder();
    if (d < 0) {
      sb.append('-');
    }
    // strconv's 'g' with the shortest precision decides with precision 6: 1e+06, 123456.
    if (exp < -4 || exp >= 6) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int ae = Math.abs(exp);
      if (ae < 10) {
        sb.append('0');
      }
      sb.append(ae);
      return sb.toString();
    }
    if (exp >= 0) {
      if (digits.length() <= exp + 1) {
        sb.append(digits).append("0".repeat(exp + 1 - digits.length()));
      } else {
        sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
      }
    } else {
      sb.append("0.").append("0".repeat(-exp - 1)).append(digits);
    }
    return sb.toString();
  }

  /** Go's {@code %q}. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    s.codePoints()
        .forEach(
            cp -> {
              switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case 11 -> sb.append("\\v");
                default -> {
                  if (cp < 0x20 || cp == 0x7f) {
                    sb.append(String.format("\\x%02x", cp));
                  } else {
                    sb.appendCodePoint(cp);
                  }
                }
              }
            });
    return sb.append('"').toString();
  }

  /** Go's {@code %#v} of the {@code interface{}} kube decodes {@code value} into. */
  static String sharpV(JsonNode value) {
    StringBuilder sb = new StringBuilder();
    sharpV(value, sb, true);
    return sb.toString();
  }

  private static void sharpV(JsonNode v, StringBuilder sb, boolean top) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      sb.append("interface {}(nil)");
    } else if (v.isTextual()) {
      sb.append(quote(v.textValue()));
    } else if (v.isIntegralNumber()) {
      sb.append(v.bigIntegerValue());
    } else if (v.isNumber()) {
      sb.append(formatFloat(v.doubleValue()));
    } else if (v.isBoolean()) {
      sb.append(v.booleanValue());
    } else if (v.isArray()) {
      sb.append("[]interface {}{");
      for (int i = 0; i < v.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        sharpV(v.get(i), sb, false);
      }
      sb.append('}');
    } else if (v.isObject()) {
      sb.append("map[string]interface {}{");
      List<String> keys = new ArrayList<>();
      for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
        keys.add(it.next());
      }
      keys.sort(null); // fmt prints map keys sorted
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        sb.append(quote(keys.get(i))).append(':');
        sharpV(v.get(keys.get(i)), sb, false);
      }
      sb.append('}');
    } else {
      sb.append(v);
    }
  }

  /** Go's {@code %#v} of a {@code map[string]interface{}} built from {@code entries}. */
  static String sharpVMap(Map<String, JsonNode> entries) {
    com.fasterxml.jackson.databind.node.ObjectNode o =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    entries.forEach(o::set);
    return sharpV(o);
  }
}
