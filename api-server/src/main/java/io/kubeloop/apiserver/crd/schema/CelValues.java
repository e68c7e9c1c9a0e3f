package io.kubeloop.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How schema nodes and JSON values look to CEL, following kube's {@code SchemaDeclType} and {@code
 * UnstructuredToVal}: integers are {@code int}, numbers {@code double}, strings with format
 * date-time or date are {@code timestamp}s, arrays are lists, maps with additionalProperties are
 * {@code map(string, V)}, int-or-string and preserve-unknown-fields values are {@code dyn}. Objects
 * with properties are maps keyed by the escaped property names ({@code foo-bar} is {@code
 * foo__dash__bar}, {@code namespace} is {@code __namespace__}); only declared properties (and at a
 * resource root {@code apiVersion}, {@code kind}, {@code metadata.name} and {@code
 * metadata.generateName}) are visible.
 *
 * <p>Unlike kube, object fields are typed {@code dyn}: a reference to an undeclared field compiles
 * and fails when evaluated ({@code no such key}) instead of failing at CRD creation.
 */
final class CelValues {

  private CelValues() {}

  static CelType typeOf(SchemaNode s) {
    if (s == null || s.intOrString) {
      return SimpleType.DYN;
    }
    if (s.type == null) {
      return SimpleType.DYN;
    }
    return switch (s.type) {
      case "object" ->
          s.properties.isEmpty() && s.additionalProperties != null && !s.embeddedResource
              ? MapType.create(SimpleType.STRING, typeOf(s.additionalProperties))
              : MapType.create(SimpleType.STRING, SimpleType.DYN);
      case "array" -> ListType.create(s.items == null ? SimpleType.DYN : typeOf(s.items));
      case "string" -> isTimestamp(s) ? SimpleType.TIMESTAMP : SimpleType.STRING;
      case "integer" -> SimpleType.INT;
      case "number" -> SimpleType.DOUBLE;
      case "boolean" -> SimpleType.BOOL;
      default -> SimpleType.DYN;
    };
  }

  private static boolean isTimestamp(SchemaNode s) {
    return "date-time".equals(s.format) || "date".equals(s.format);
  }

  /** The CEL value of {@code v} under schema {@code s}; {@code resource} marks a resource root. */
  static Object toCel(JsonNode v, SchemaNode s, boolean resource) {
    if (v == null || v.isNull()) {
      return com.google.protobuf.NullValue.NULL_VALUE;
    }
    if (s == null || s.intOrString || s.type == null) {
      if (s != null && v.isObject() && (!s.properties.isEmpty() || resource)) {
        return object(v, s, resource);
      }
      return dyn(v);
    }
    switch (s.type) {
      case "object":
        if (!v.isObject()) {
          return dyn(v);
        }
        if (s.properties.isEmpty() && !resource && !s.embeddedResource) {
          Map<String, Object> m = new LinkedHashMap<>();
          for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), toCel(e.getValue(), s.additionalProperties, false));
          }
          return m;
        }
        return object(v, s, resource || s.embeddedResource);
      case "array":
        if (!v.isArray()) {
          return dyn(v);
        }
        List<Object> l = new ArrayList<>(v.size());
        for (JsonNode item : v) {
          l.add(toCel(item, s.items, s.items != null && s.items.embeddedResource));
        }
        return l;
      case "integer":
        return v.isNumber() ? (Object) v.longValue() : dyn(v);
      case "number":
        return v.isNumber() ? (Object) v.doubleValue() : dyn(v);
      case "string":
        if (v.isTextual() && isTimestamp(s)) {
          Object ts = timestamp(v.textValue(), "date".equals(s.format));
          return ts == null ? v.textValue() : ts;
        }
        return dyn(v);
      default:
        return dyn(v);
    }
  }

  private static Map<String, Object> object(JsonNode v, SchemaNode s, boolean resource) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (resource) {
      for (String k : List.of("apiVersion", "kind")) {
        if (v.has(k) && v.get(k).isTextual()) {
          m.put(k, v.get(k).textValue());
        }
      }
      JsonNode meta = v.get("metadata");
      if (meta != null && meta.isObject()) {
        Map<String, Object> mm = new LinkedHashMap<>();
        for (String k : List.of("name", "generateName")) {
          if (meta.has(k) && meta.get(k).isTextual()) {
            mm.put(k, meta.get(k).textValue());
          }
        }
        m.put("metadata", mm);
      }
    }
    for (Map.Entry<String, SchemaNode> e : s.properties.entrySet()) {
      if (resource && Set.of("apiVersion", "kind", "metadata").contains(e.getKey())) {
        continue;
      }
      JsonNode field = v.get(e.getKey());
      String name = escape(e.getKey());
      if (field != null && name != null) {
        m.put(name, toCel(field, e.getValue(), e.getValue().embeddedResource));
      }
    }
    return m;
  }

  private static Object dyn(JsonNode v) {
    if (v == null || v.isNull()) {
      return com.google.protobuf.NullValue.NULL_VALUE;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isArray()) {
      List<Object> l = new ArrayList<>(v.size());
      v.forEach(x -> l.add(dyn(x)));
      return l;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    v.fields().forEachRemaining(e -> m.put(e.getKey(), dyn(e.getValue())));
    return m;
  }

  private static Object timestamp(String s, boolean dateOnly) {
    try {
      Instant i =
          dateOnly
              ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant()
              : java.time.OffsetDateTime.parse(s.toUpperCase(java.util.Locale.ROOT)).toInstant();
      return com.google.protobuf.Timestamp.newBuilder()
          .setSeconds(i.getEpochSecond())
          .setNanos(i.getNano())
          .build();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static final Set<String> RESERVED =
      Set.of(
          "true",
          "false",
          "null",
          "in",
          "as",
          "break",
          "const",
          "continue",
          "else",
          "for",
          "function",
          "if",
          "import",
          "let",
          "loop",
          "package",
          "namespace",
          "return",
          "var",
          "void",
          "while");

  private static final Pattern EXPAND = Pattern.compile("(__|[-./]|[^a-zA-Z0-9\\-./_])");

  /** kube's property name escaping; null when the name cannot be accessed from CEL. */
  static String escape(String ident) {
    if (ident.isEmpty() || Character.isDigit(ident.charAt(0)) && ident.charAt(0) <= '9') {
      return null;
    }
    if (RESERVED.contains(ident)) {
      return "__" + ident + "__";
    }
    Matcher m = EXPAND.matcher(ident);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String rep =
          switch (m.group()) {
            case "__" -> "__underscores__";
            case "." -> "__dot__";
            case "-" -> "__dash__";
            case "/" -> "__slash__";
            default -> null;
          };
      if (rep == null) {
        return null;
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(rep));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
