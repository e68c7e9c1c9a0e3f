package io.kubeloop.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.apiserver.crd.schema.OpenApiError.Code;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * kube-openapi's {@code SchemaValidator} over Jackson trees: the same validators in the same order
 * (type, logical junctors, string, format, number, array, enum, object), the same "applies" rules,
 * the same numeric conversions and the same messages, e.g. {@code spec.replicas in body must be of
 * type integer: "string"}. JSON numbers are typed as kube decodes them: integers that fit an int64
 * as integers, everything else as float64.
 *
 * <p>anyOf/oneOf pick the "best" failing alternative by a match count, as kube-openapi does; our
 * count is an approximation of kube-openapi's, so which alternative's errors are reported when all
 * fail may differ in corner cases. The summary error ({@code must validate at least one schema}) is
 * always the same.
 *
 * <p>Stateless and thread-safe.
 */
final class ValueValidator {

  private ValueValidator() {}

  /** A validation result: errors in report order and kube-openapi's match count. */
  static final class Result {
    final List<OpenApiError> errors = new ArrayList<>();
    int matchCount;

    void add(OpenApiError e) {
      errors.add(e);
    }

    void merge(Result r) {
      if (r != null) {
        errors.addAll(r.errors);
        matchCount += r.matchCount;
      }
    }

    boolean valid() {
      return errors.isEmpty();
    }
  }

  static Result validate(SchemaNode s, JsonNode data, String path) {
    Result result = new Result();
    if (s == null) {
      return result;
    }
    if (data == null || data.isNull() || data.isMissingNode()) {
      result.merge(typeCheck(s, null, path));
      result.merge(enumCheck(s, null, path));
      return result;
    }
    JsonKind kind = JsonKind.of(data);
    // type validator: applies when a type or format is set
    if (!types(s).isEmpty() || format(s) != null) {
      result.merge(typeCheck(s, data, path));
      result.matchCount++;
    }
    result.merge(junctors(s, data, path));
    result.matchCount++;
    if (kind == JsonKind.STRING) {
      result.merge(stringCheck(s, data.textValue(), path));
      result.matchCount++;
      String f = format(s);
      if (Formats.isStringFormat(f)) {
        if (!Formats.validates(f, data.textValue())) {
          result.add(
              OpenApiError.of(
                  Code.INVALID_TYPE,
                  path,
                  data.textValue(),
                  typeFailWithData(path, f, data.textValue())));
        }
        result.matchCount++;
      }
    }
    if (kind == JsonKind.INTEGER || kind == JsonKind.NUMBER) {
      result.merge(NumberChecks.check(s, data, path));
      result.matchCount++;
    }
    if (kind == JsonKind.ARRAY) {
      result.merge(arrayCheck(s, data, path));
      result.matchCount++;
    }
    result.merge(enumCheck(s, data, path));
    result.matchCount++;
    if (kind == JsonKind.OBJECT) {
      result.merge(objectCheck(s, data, path));
      result.matchCount++;
    }
    result.matchCount++;
    return result;
  }

  /** The type list kube-openapi sees: int-or-string becomes {@code [integer, string]}. */
  static List<String> types(SchemaNode s) {
    if (s.intOrString) {
      return List.of("integer", "string");
    }
    return s.type == null ? List.of() : List.of(s.type);
  }

  static String format(SchemaNode s) {
    return Formats.effectiveFormat(s.intOrString ? "" : s.type, s.format);
  }

  private static Result typeCheck(SchemaNode s, JsonNode data, String path) {
    Result result = new Result();
    result.matchCount++;
    List<String> types = types(s);
    String joined = String.join(",", types);
    if (data == null) {
      if (!types.isEmpty() && !types.contains("null") && !s.nullable) {
        result.add(
            OpenApiError.of(
                Code.INVALID_TYPE, path, "null", typeFailWithData(path, joined, "null")));
      }
      return result;
    }
    JsonKind kind = JsonKind.of(data);
    String schType = kind.openApiType;
    String valueFormat =
        kind == JsonKind.INTEGER ? "int64" : kind == JsonKind.NUMBER ? "float64" : "";
    String format = format(s);
    boolean isFloatInt =
        kind == JsonKind.NUMBER && isJsonInteger(data.doubleValue()) && types.contains("integer");
    boolean isIntFloat = kind == JsonKind.INTEGER && types.contains("number");
    boolean stringOrSlice = kind == JsonKind.STRING || kind == JsonKind.ARRAY;
    if (!stringOrSlice
        && format != null
        && !(types.contains(schType) || valueFormat.equals(format) || isFloatInt || isIntFloat)) {
      result.errors.clear();
      result.add(
          OpenApiError.of(
              Code.INVALID_TYPE, path, valueFormat, typeFailWithData(path, format, valueFormat)));
      return result;
    }
    if (!(types.contains("number") || types.contains("integer"))
        && format != null
        && stringOrSlice) {
      return result;
    }
    if (!(types.contains(schType) || isFloatInt || isIntFloat)) {
      Result failed = new Result();
      failed.add(
          OpenApiError.of(
              Code.INVALID_TYPE, path, schType, typeFailWithData(path, joined, schType)));
      return failed;
    }
    return result;
  }

  static String typeFailWithData(String path, String type, String data) {
    return path + " in body must be of type " + type + ": " + GoFormat.quote(data);
  }

  private static Result junctors(SchemaNode s, JsonNode data, String path) {
    Result main = new Result();
    if (!s.anyOf.isEmpty()) {
      Result best = null;
      Result firstSuccess = null;
      boolean succeeded = false;
      for (SchemaNode alt : s.anyOf) {
        Result r = validate(alt, data, path);
        if (r.valid()) {
          best = null;
          succeeded = true;
          firstSuccess = r;
          break;
        }
        if (best == null || r.matchCount > best.matchCount) {
          best = r;
        }
      }
      if (!succeeded) {
        main.add(
            OpenApiError.of(
                Code.COMPOSITE,
                path,
                null,
                GoFormat.quote(path) + " must validate at least one schema (anyOf)"));
      }
      main.merge(best != null ? best : firstSuccess);
    }
    if (!s.oneOf.isEmpty()) {
      Result best = null;
      Result firstSuccess = null;
      int validated = 0;
      for (SchemaNode alt : s.oneOf) {
        Result r = validate(alt, data, path);
        if (r.valid()) {
          validated++;
          best = null;
          if (firstSuccess == null) {
            firstSuccess = r;
          }
          continue;
        }
        if (validated == 0 && (best == null || r.matchCount > best.matchCount)) {
          best = r;
        }
      }
      if (validated != 1) {
        String more =
            validated == 0 ? "Found none valid" : "Found " + validated + " valid alternatives";
        main.add(
            OpenApiError.of(
                Code.COMPOSITE,
                path,
                null,
                GoFormat.quote(path) + " must validate one and only one schema (oneOf). " + more));
        main.merge(best);
      } else {
        main.merge(firstSuccess);
      }
    }
    if (!s.allOf.isEmpty()) {
      int validated = 0;
      for (SchemaNode alt : s.allOf) {
        Result r = validate(alt, data, path);
        if (r.valid()) {
          validated++;
        }
        main.merge(r);
      }
      if (validated != s.allOf.size()) {
        main.add(
            OpenApiError.of(
                Code.COMPOSITE,
                path,
                null,
                GoFormat.quote(path)
                    + " must validate all the schemas (allOf)"
                    + (validated == 0 ? ". None validated" : "")));
      }
    }
    if (s.not != null) {
      Result r = validate(s.not, data, path);
      if (r.valid()) {
        main.add(
            OpenApiError.of(
                Code.COMPOSITE,
                path,
                null,
                GoFormat.quote(path) + " must not validate the schema (not)"));
      }
    }
    main.matchCount++;
    return main;
  }

  private static Result stringCheck(SchemaNode s, String value, String path) {
    Result r = new Result();
    long runes = value.codePointCount(0, value.length());
    if (s.maxLength != null && runes > s.maxLength) {
      r.add(
          new OpenApiError(
              Code.TOO_LONG,
              path,
              value,
              path + " in body should be at most " + s.maxLength + " chars long",
              s.maxLength,
              null));
      return r;
    }
    if (s.minLength != null && runes < s.minLength) {
      r.add(
          OpenApiError.of(
              Code.TOO_SHORT,
              path,
              value,
              path + " in body should be at least " + s.minLength + " chars long"));
      return r;
    }
    if (s.pattern != null) {
      if (s.compiledPattern == null) {
        r.add(
            OpenApiError.of(
                Code.PATTERN,
                path,
                value,
                path
                    + " in body should match '"
                    + s.pattern
                    + ", but pattern is invalid: "
                    + s.patternError
                    + "'"));
      } else if (!s.compiledPattern.matcher(value).find()) {
        r.add(
            OpenApiError.of(
                Code.PATTERN, path, value, path + " in body should match '" + s.pattern + "'"));
      }
    }
    return r;
  }

  private static Result arrayCheck(SchemaNode s, JsonNode data, String path) {
    Result r = new Result();
    int size = data.size();
    if (s.items != null) {
      for (int i = 0; i < size; i++) {
        r.merge(validate(s.items, data.get(i), Paths.index(path, i)));
      }
    }
    if (s.itemsIsArray) {
      for (int i = 0; i < s.itemsArray.size() && i < size; i++) {
        r.merge(validate(s.itemsArray.get(i), data.get(i), Paths.index(path, i)));
      }
    }
    if (s.minItems != null && size < s.minItems) {
      r.add(
          OpenApiError.of(
              Code.MIN_ITEMS,
              path,
              (long) size,
              path + " in body should have at least " + s.minItems + " items"));
    }
    if (s.maxItems != null && size > s.maxItems) {
      r.add(
          new OpenApiError(
              Code.MAX_ITEMS,
              path,
              (long) size,
              path + " in body should have at most " + s.maxItems + " items",
              s.maxItems,
              null));
    }
    if (s.uniqueItems) {
      outer:
      for (int i = 0; i < size; i++) {
        for (int j = 0; j < i; j++) {
          if (JsonKind.deepEqual(data.get(i), data.get(j))) {
            r.add(
                OpenApiError.of(
                    Code.UNIQUE, path, null, path + " in body shouldn't contain duplicates"));
            break outer;
          }
        }
      }
    }
    r.matchCount++;
    return r;
  }

  private static Result enumCheck(SchemaNode s, JsonNode data, String path) {
    Result r = new Result();
    if (s.enumValues.isEmpty()) {
      return r;
    }
    if (data != null && !data.isNull()) {
      for (JsonNode candidate : s.enumValues) {
        if (candidate != null && !candidate.isNull() && JsonKind.enumEqual(data, candidate)) {
          return r;
        }
      }
    }
    r.add(
        new OpenApiError(
            Code.ENUM,
            path,
            data,
            path + " in body should be one of " + s.enumValues,
            null,
            s.enumValues));
    return r;
  }

  private static Result objectCheck(SchemaNode s, JsonNode data, String path) {
    Result r = new Result();
    long numKeys = data.size();
    if (s.minProperties != null && numKeys < s.minProperties) {
      r.add(
          OpenApiError.of(
              Code.TOO_FEW_PROPERTIES,
              path,
              numKeys,
              path + " in body should have at least " + s.minProperties + " properties"));
      return r;
    }
    if (s.maxProperties != null && numKeys > s.maxProperties) {
      r.add(
          new OpenApiError(
              Code.TOO_MANY_PROPERTIES,
              path,
              numKeys,
              path + " in body should have at most " + s.maxProperties + " properties",
              s.maxProperties,
              null));
      return r;
    }
    if (s.hasAdditionalProperties && !s.additionalPropertiesAllowed) {
      for (Iterator<String> it = data.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!s.properties.containsKey(k)) {
          r.add(
              OpenApiError.of(
                  Code.UNALLOWED_PROPERTY,
                  path,
                  k,
                  path + "." + k + " in body is a forbidden property"));
        }
      }
    } else if (s.additionalProperties != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!s.properties.containsKey(e.getKey())) {
          r.merge(validate(s.additionalProperties, e.getValue(), path + "." + e.getKey()));
        }
      }
    }
    for (Map.Entry<String, SchemaNode> e : s.properties.entrySet()) {
      JsonNode v = data.get(e.getKey());
      if (v != null) {
        String name = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        r.merge(validate(e.getValue(), v, name));
      }
    }
    for (String k : s.required) {
      if (!data.has(k)) {
        r.add(
            OpenApiError.of(
                Code.REQUIRED, path + "." + k, null, path + "." + k + " in body is required"));
      }
    }
    return r;
  }

  /** swag.IsFloat64AJSONInteger. */
  static boolean isJsonInteger(double f) {
    if (Double.isNaN(f)
        || Double.isInfinite(f)
        || f < -9007199254740991.0
        || f > 9007199254740991.0) {
      return false;
    }
    double g = (double) (long) f;
    if (f == g) {
      return true;
    }
    double diff = Math.abs(f - g);
    if (f == 0 || g == 0 || diff < Double.MIN_VALUE) {
      return diff < 1e-9 * Double.MIN_VALUE;
    }
    return diff / Math.min(Math.abs(f) + Math.abs(g), Double.MAX_VALUE) < 1e-9;
  }
}
