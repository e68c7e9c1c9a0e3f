package io.kubeloop.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The Go type kube decodes a JSON value into, named by its OpenAPI type: integers that fit an int64
 * are {@code integer}, every other number is {@code number} (float64).
 */
enum JsonKind {
  NULL("null"),
  BOOLEAN("boolean"),
  STRING("string"),
  INTEGER("integer"),
  NUMBER("number"),
  ARRAY("array"),
  OBJECT("object");

  final String openApiType;

  JsonKind(String openApiType) {
    this.openApiType = openApiType;
  }

  static JsonKind of(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return NULL;
    }
    if (v.isTextual()) {
      return STRING;
    }
    if (v.isBoolean()) {
      return BOOLEAN;
    }
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? INTEGER : NUMBER;
    }
    if (v.isNumber()) {
      return NUMBER;
    }
    if (v.isArray()) {
      return ARRAY;
    }
    if (v.isObject()) {
      return OBJECT;
    }
    return STRING; // binary/POJO nodes do not occur in decoded JSON
  }

  /** reflect.DeepEqual of the decoded values: int64 1 and float64 1.0 differ. */
  static boolean deepEqual(JsonNode a, JsonNode b) {
    JsonKind ka = of(a);
    JsonKind kb = of(b);
    if (ka != kb) {
      return false;
    }
    switch (ka) {
      case NULL:
        return true;
      case INTEGER:
        return a.longValue() == b.longValue();
      case NUMBER:
        return a.doubleValue() == b.doubleValue();
      case ARRAY:
        if (a.size() != b.size()) {
          return false;
        }
        for (int i = 0; i < a.size(); i++) {
          if (!deepEqual(a.get(i), b.get(i))) {
            return false;
          }
        }
        return true;
      case OBJECT:
        if (a.size() != b.size()) {
          return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode other = b.get(e.getKey());
          if (other == null || !deepEqual(e.getValue(), other)) {
            return false;
          }
        }
        return true;
      default:
        return a.equals(b);
    }
  }

  /**
   * kube-openapi's enum comparison: DeepEqual after converting the value to the enum member's Go
   * type when convertible (so 1 matches 1.0 in either direction).
   */
  static boolean enumEqual(JsonNode value, JsonNode member) {
    JsonKind kv = of(value);
    JsonKind km = of(member);
    boolean numeric = (kv == INTEGER || kv == NUMBER) && (km == INTEGER || km == NUMBER);
    if (numeric) {
      if (km == INTEGER) {
        return kv == INTEGER
            ? value.longValue() == member.longValue()
            : (long) value.doubleValue() == member.longValue();
      }
      return value.doubleValue() == member.doubleValue();
    }
    return deepEqual(value, member);
  }
}
