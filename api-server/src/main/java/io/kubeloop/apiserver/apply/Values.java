package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON values as structured-merge-diff treats them: a total order over all values (floats, then
 * integers, strings, booleans, lists, maps, null), equality where {@code 1} and {@code 1.0} are the
 * same number, and the two textual forms kube prints — canonical JSON for FieldsV1 keys and Go's
 * {@code value.ToString} for conflict messages.
 *
 * <p>Stateless; thread-safe.
 */
final class Values {

  private Values() {}

  /** Equality of two values, numbers compared by value (as {@code value.Equals} does). */
  static boolean equal(JsonNode a, JsonNode b) {
    if (a == b) {
      return true;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        JsonNode other = b.get(e.getKey());
        if (other == null || !equal(e.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!equal(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /** {@code value.Compare}: floats < integers < strings < booleans < lists < maps < null. */
  static int compare(JsonNode a, JsonNode b) {
    int ra = rank(a);
    int rb = rank(b);
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    return switch (ra) {
      case 2 -> compareStrings(a.textValue(), b.textValue());
      case 3 -> Boolean.compare(a.booleanValue(), b.booleanValue());
      case 4 -> compareLists(a, b);
      case 5 -> compareMaps(a, b);
      default -> 0;
    };
  }

  private static int rank(JsonNode v) {
    if (v.isFloatingPointNumber()) {
      return 0;
    }
    if (v.isIntegralNumber()) {
      return 1;
    }
    if (v.isTextual()) {
      return 2;
    }
    if (v.isBoolean()) {
      return 3;
    }
    if (v.isArray()) {
      return 4;
    }
    if (v.isObject()) {
      return 5;
    }
    return 6;
  }

  /**
   * Go compares strings bytewise in UTF-8, which orders like code points. UTF-16 code units order
   * the same way except where a surrogate meets a character from U+E000 up.
   */
  static int compareStrings(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        boolean sa = Character.isSurrogate(ca);
        boolean sb = Character.isSurrogate(cb);
        if (sa != sb && (sa ? cb : ca) >= '\uE000') {
          return sa ? 1 : -1;
        }
        return ca - cb;
      }
    }
    return a.length() - b.length();
  }

  private static int compareLists(JsonNode a, JsonNode b) {
    for (int i = 0; ; i++) {
      if (i >= a.size() || i >= b.size()) {
        return Integer.compare(a.size(), b.size());
      }
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
  }

  /** Maps compare as their entries sorted by key, as {@code MapCompare} does. */
  private static int compareMaps(JsonNode a, JsonNode b) {
    List<String> ka = sortedKeys(a);
    List<String> kb = sortedKeys(b);
    for (int i = 0; ; i++) {
      if (i >= ka.size() || i >= kb.size()) {
        return Integer.compare(ka.size(), kb.size());
      }
      int c = compareStrings(ka.get(i), kb.get(i));
      if (c != 0) {
        return c;
      }
      c = compare(a.get(ka.get(i)), b.get(kb.get(i)));
      if (c != 0) {
        return c;
      }
    }
  }

  static List<String> sortedKeys(JsonNode object) {
    List<String> keys = new ArrayList<>(object.size());
    Iterator<String> names = object.fieldNames();
    names.forEachRemaining(keys::add);
    keys.sort(Values::compareStrings);
    return keys;
  }

  /**
   * Canonical JSON: object keys sorted, integral numbers without a fraction. Two values that are
   * {@link #equal} have the same canonical form, which makes it an identity for map keys.
   */
  static String canonical(JsonNode value) {
    StringBuilder out = new StringBuilder();
    writeCanonical(value, out);
    return out.toString();
  }

  static void writeCanonical(JsonNode value, StringBuilder out) {
    if (value.isTextual()) {
      quote(value.textValue(), out);
    } else if (value.isNumber()) {
      out.append(number(value));
    } else if (value.isBoolean()) {
      out.append(value.booleanValue());
    } else if (value.isArray()) {
      out.append('[');
      for (int i = 0; i < value.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        writeCanonical(value.get(i), out);
      }
      out.append(']');
    } else if (value.isObject()) {
      out.append('{');
      boolean first = true;
      for (String key : sortedKeys(value)) {
        if (!first) {
          out.append(',');
        }
        first = false;
        quote(key, out);
        out.append(':');
        writeCanonical(value.get(key), out);
      }
      out.append('}');
    } else {
      out.append("null");
    }
  }

  static void quote(String s, StringBuilder out) {
    out.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, out);
    out.append('"');
  }

  /** Integers as integers; other numbers in their shortest form, like Go's {@code %v}. */
  private static String number(JsonNode value) {
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    BigDecimal decimal = value.decimalValue();
    if (decimal.signum() == 0) {
      return "0";
    }
    double d = value.doubleValue();
    if (d == Math.rint(d) && Math.abs(d) < 1e21) {
      return decimal.stripTrailingZeros().toPlainString();
    }
    return Double.toString(d).replace("E", "e+").replace("e+-", "e-");
  }

  /** Go's {@code value.ToString}: strings quoted, maps as {@code k=v} pairs, lists bracketed. */
  static String goString(JsonNode value) {
    if (value == null || value.isNull()) {
      return "null";
    }
    if (value.isTextual()) {
      StringBuilder out = new StringBuilder();
      quote(value.textValue(), out);
      return out.toString();
    }
    if (value.isNumber()) {
      return number(value);
    }
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(v -> parts.add(goString(v)));
      return "[" + String.join(",", parts) + "]";
    }
    if (value.isObject()) {
      StringBuilder out = new StringBuilder();
      for (String key : sortedKeys(value)) {
        out.append(key).append('=').append(goString(value.get(key)));
      }
      return out.toString();
    }
    return value.asText();
  }
}
