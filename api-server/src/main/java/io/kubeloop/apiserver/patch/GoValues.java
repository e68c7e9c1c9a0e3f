package io.kubeloop.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * JSON values as Go sees them once kube-apiserver has decoded a patch into {@code
 * map[string]interface{}} with integers preserved: the dynamic type of each value, Go's {@code ==}
 * on them, and {@code fmt}'s {@code %v} and {@code %s}, which kube's strategic merge patch errors
 * print. Stateless.
 */
final class GoValues {

  /** The dynamic Go type of a decoded JSON value. */
  enum Type {
    NIL(null),
    MAP("map[string]interface {}"),
    SLICE("[]interface {}"),
    STRING("string"),
    BOOL("bool"),
    INT64("int64"),
    FLOAT64("float64");

    /** {@code reflect.Type.String()}; {@code null} for a nil interface. */
    final String goName;

    Type(String goName) {
      this.goName = goName;
    }

    boolean comparable() {
      return this != MAP && this != SLICE;
    }
  }

  /**
   * A comparable Go value, usable as a hash key: equal keys are {@code ==} in Go. Integers and
   * floats never compare equal ({@code int64(80) != float64(80)}).
   */
  record Key(Type type, Object value) {}

  private static final Key NIL_KEY = new Key(Type.NIL, null);

  private GoValues() {}

  /** The type of a value; {@code null} (absent) and JSON null are both a nil interface. */
  static Type typeOf(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Type.NIL;
    }
    if (node.isObject()) {
      return Type.MAP;
    }
    if (node.isArray()) {
      return Type.SLICE;
    }
    if (node.isTextual()) {
      return Type.STRING;
    }
    if (node.isBoolean()) {
      return Type.BOOL;
    }
    // kube decodes with UnmarshalCaseSensitivePreserveInts: integers that fit int64 stay int64.
    return node.isIntegralNumber() && node.canConvertToLong() ? Type.INT64 : Type.FLOAT64;
  }

  /**
   * The hash key of a comparable value, or {@code null} for a map or slice, which Go can neither
   * compare nor hash.
   */
  static Key key(JsonNode node) {
    Type type = typeOf(node);
    return switch (type) {
      case NIL -> NIL_KEY;
      case MAP, SLICE -> null;
      case STRING -> new Key(type, node.textValue());
      case BOOL -> new Key(type, node.booleanValue());
      case INT64 -> new Key(type, node.longValue());
      case FLOAT64 -> {
        double d = node.doubleValue();
        yield new Key(type, d == 0 ? 0.0 : d); // -0 == 0 in Go
      }
    };
  }

  /**
   * Go's {@code a == b} on two interface values.
   *
   * @throws GoPanic when both hold the same uncomparable type (map or slice)
   */
  static boolean equal(JsonNode a, JsonNode b) {
    Type ta = typeOf(a);
    Type tb = typeOf(b);
    if (ta != tb) {
      return false;
    }
    if (!ta.comparable()) {
      throw GoPanic.uncomparable(ta);
    }
    return key(a).equals(key(b));
  }

  /** The hash key of a value used as a Go map key; maps and slices panic. */
  static Key hashKey(JsonNode node) {
    Key key = key(node);
    if (key == null) {
      throw GoPanic.unhashable(typeOf(node));
    }
    return key;
  }

  /**
   * {@code reflect.TypeOf(x)} printed with {@code %s}, as {@code mergepatch.ErrBadArgType} does.
   */
  static String typeName(JsonNode node) {
    Type type = typeOf(node);
    return type == Type.NIL ? "%!s(<nil>)" : type.goName;
  }

  /** {@code fmt.Sprintf("%v", x)}: maps print as {@code map[k:v ...]} with sorted keys. */
  static String v(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    format(node, false, sb);
    return sb.toString();
  }

  /** {@code fmt.Sprint(slices)} for a variadic {@code ...[]interface{}}: {@code [[a b] [c]]}. */
  static String v(List<? extends JsonNode> lists) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < lists.size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      JsonNode list = lists.get(i);
      if (list == null) {
        sb.append("[]"); // a nil slice
      } else {
        format(list, false, sb);
      }
    }
    return sb.append(']').toString();
  }

  /** {@code fmt.Sprintf("%s", x)}: strings as they are, other scalars as {@code %!s(int64=1)}. */
  static String s(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    format(node, true, sb);
    return sb.toString();
  }

  private static void format(JsonNode node, boolean verbS, StringBuilder sb) {
    Type type = typeOf(node);
    switch (type) {
      case NIL -> sb.append(verbS ? "%!s(<nil>)" : "<nil>");
      case MAP -> {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        keys.sort(GoValues::compareGoStrings);
        sb.append("map[");
        for (int i = 0; i < keys.size(); i++) {
          if (i > 0) {
            sb.append(' ');
          }
          sb.append(keys.get(i)).append(':');
          format(node.get(keys.get(i)), verbS, sb);
        }
        sb.append(']');
      }
      case SLICE -> {
        sb.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            sb.append(' ');
          }
          format(node.get(i), verbS, sb);
        }
        sb.append(']');
      }
      case STRING -> sb.append(node.textValue());
      default -> {
        String scalar = scalar(node, type);
        if (verbS) {
          sb.append("%!s(").append(type.goName).append('=').append(scalar).append(')');
        } else {
          sb.append(scalar);
        }
      }
    }
  }

  private static String scalar(JsonNode node, Type type) {
    return switch (type) {
      case BOOL -> Boolean.toString(node.booleanValue());
      case INT64 -> Long.toString(node.longValue());
      default -> formatFloat(node.doubleValue());
    };
  }

  /** Go sorts string map keys byte-wise (UTF-8), which differs from UTF-16 order above U+FFFF. */
  private static int compareGoStrings(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code strconv.FormatFloat(f, 'g', -1, 64)}, which is what {@code %v} prints for a float64. */
  static String formatFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    boolean negative = d < 0 || (d == 0 && 1 / d < 0);
    if (d == 0) {
      return negative ? "-0" : "0";
    }
    // Double.toString gives the shortest digits that round-trip, as Go's shortest mode does.
    BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = decimal.unscaledValue().toString();
    int nd = digits.length();
    int dp = nd - decimal.scale(); // the value is 0.<digits> x 10^dp
    int exp = dp - 1;
    StringBuilder sb = new StringBuilder();
    if (negative) {
      sb.append('-');
    }
    if (exp < -4 || exp >= 6) { // %e; the shortest mode decides with precision 6
      sb.append(digits.charAt(0));
      if (nd > 1) {
        sb.append('.').append(digits, 1, nd);
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int abs = Math.abs(exp);
      if (abs < 10) {
        sb.append('0');
      }
      return sb.append(abs).toString();
    }
    if (dp > 0) {
      for (int i = 0; i < dp; i++) {
        sb.append(i < nd ? digits.charAt(i) : '0');
      }
    } else {
      sb.append('0');
    }
    int decimals = Math.max(nd - dp, 0);
    if (decimals > 0) {
      sb.append('.');
      for (int i = 0; i < decimals; i++) {
        int at = dp + i;
        sb.append(at >= 0 && at < nd ? digits.charAt(at) : '0');
      }
    }
    return sb.toString();
  }

  /** {@code strconv.Quote}, as {@code %q} prints a string. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 11 -> sb.append("\\v");
                default -> {
                  if (c < 0x20 || c == 0x7f) {
                    sb.append(String.format("\\x%02x", c));
                  } else if (!isPrintable(c)) {
                    sb.append(
                        c > 0xffff ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
                  } else {
                    sb.appendCodePoint(c);
                  }
                }
              }
            });
    return sb.append('"').toString();
  }

  private static boolean isPrintable(int c) {
    int type = Character.getType(c);
    return c < 0x80
        || !(type == Character.CONTROL
            || type == Character.FORMAT
            || type == Character.UNASSIGNED
            || type == Character.SURROGATE
            || type == Character.PRIVATE_USE
            || type == Character.LINE_SEPARATOR
            || type == Character.PARAGRAPH_SEPARATOR
            || (type == Character.SPACE_SEPARATOR && c != ' '));
  }

  /** The entries of an object in document order, copied so the object may be changed meanwhile. */
  static List<Map.Entry<String, JsonNode>> entries(JsonNode object) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(object.size());
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      entries.add(Map.entry(e.getKey(), e.getValue()));
    }
    return entries;
  }
}
