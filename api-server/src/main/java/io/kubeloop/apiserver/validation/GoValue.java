package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A bad value already rendered the way kube-apiserver prints it. kube formats values that are
 * neither strings nor numbers with Go's {@code %#v} ({@code map[string]string{"app":"x"}}); a
 * {@code FieldError} renders any non-string value with {@code toString()}, so wrapping the Go
 * rendering in this record reproduces kube's message text.
 *
 * <p>Pointer fields print as {@code (*bool)(nil)} when unset; when set, Go prints an address that
 * no two servers share, so we print the value instead ({@code (*bool)(&true)}).
 */
record GoValue(String rendered) {

  private static final DateTimeFormatter GO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @Override
  public String toString() {
    return rendered;
  }

  static GoValue stringMap(Map<String, String> map) {
    return new GoValue(renderStringMap(map));
  }

  static GoValue stringSlice(List<String> list) {
    return new GoValue(renderStringSlice(list));
  }

  static GoValue labelSelector(LabelSelector selector) {
    if (selector == null) {
      return new GoValue("null");
    }
    String expressions;
    List<LabelSelectorRequirement> exprs = selector.getMatchExpressions();
    if (exprs == null || exprs.isEmpty()) {
      expressions = "[]v1.LabelSelectorRequirement(nil)";
    } else {
      expressions =
          exprs.stream()
              .map(
                  e ->
                      "v1.LabelSelectorRequirement{Key:"
                          + quote(e.getKey())
                          + ", Operator:"
                          + quote(e.getOperator())
                          + ", Values:"
                          + renderStringSlice(e.getValues())
                          + "}")
              .collect(Collectors.joining(", ", "[]v1.LabelSelectorRequirement{", "}"));
    }
    return new GoValue(
        "v1.LabelSelector{MatchLabels:"
            + renderStringMap(selector.getMatchLabels())
            + ", MatchExpressions:"
            + expressions
            + "}");
  }

  static GoValue intOrString(IntOrString value) {
    if (value == null) {
      return new GoValue("intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}");
    }
    if (value.getStrVal() != null) {
      return new GoValue(
          "intstr.IntOrString{Type:1, IntVal:0, StrVal:" + quote(value.getStrVal()) + "}");
    }
    int i = value.getIntVal() == null ? 0 : value.getIntVal();
    return new GoValue("intstr.IntOrString{Type:0, IntVal:" + i + ", StrVal:\"\"}");
  }

  static GoValue ownerReference(OwnerReference ref) {
    return new GoValue(renderOwnerReference(ref));
  }

  static GoValue ownerReferences(List<OwnerReference> refs) {
    return new GoValue(
        refs.stream()
            .map(GoValue::renderOwnerReference)
            .collect(Collectors.joining(", ", "[]v1.OwnerReference{", "}")));
  }

  /**
   * A {@code metav1.Time} as Go's {@code time.Time.String()} prints it, in UTC; an unset time is
   * Go's zero time.
   */
  static GoValue time(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return new GoValue("0001-01-01 00:00:00 +0000 UTC");
    }
    try {
      Instant instant = OffsetDateTime.parse(rfc3339).toInstant();
      OffsetDateTime utc = instant.atOffset(ZoneOffset.UTC);
      StringBuilder sb = new StringBuilder(GO_TIME.format(utc));
      int nanos = utc.getNano();
      if (nanos != 0) {
        String frac = String.format("%09d", nanos).replaceAll("0+$", "");
        sb.append('.').append(frac);
      }
      return new GoValue(sb.append(" +0000 UTC").toString());
    } catch (DateTimeParseException e) {
      return new GoValue(quote(rfc3339));
    }
  }

  /** A pointer field: {@code null} when unset, else the value itself. */
  static Object pointer(Object value) {
    return value == null ? new GoValue("null") : value;
  }

  /** Go's {@code %q} for the characters that occur in API values. */
  static String quote(String s) {
    if (s == null) {
      return "\"\"";
    }
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  static String renderStringMap(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return "map[string]string(nil)";
    }
    // Go's fmt prints maps sorted by key
    return new TreeMap<>(map)
        .entrySet().stream()
            .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
            .collect(Collectors.joining(", ", "map[string]string{", "}"));
  }

  static String renderStringSlice(List<String> list) {
    if (list == null || list.isEmpty()) {
      return "[]string(nil)";
    }
    return list.stream().map(GoValue::quote).collect(Collectors.joining(", ", "[]string{", "}"));
  }

  private static String renderOwnerReference(OwnerReference ref) {
    return "v1.OwnerReference{APIVersion:"
        + quote(ref.getApiVersion())
        + ", Kind:"
        + quote(ref.getKind())
        + ", Name:"
        + quote(ref.getName())
        + ", UID:"
        + quote(ref.getUid())
        + ", Controller:"
        + boolPointer(ref.getController())
        + ", BlockOwnerDeletion:"
        + boolPointer(ref.getBlockOwnerDeletion())
        + "}";
  }

  private static String boolPointer(Boolean b) {
    return b == null ? "(*bool)(nil)" : "(*bool)(&" + b + ")";
  }
}
