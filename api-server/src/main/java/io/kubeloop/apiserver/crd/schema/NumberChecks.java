package io.kubeloop.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.apiserver.crd.schema.OpenApiError.Code;

/**
 * kube-openapi's number validator for schemas: multipleOf, minimum and maximum, reported in that
 * order. For an int64 value the bound is truncated to an int64 first ({@code MaximumNativeType});
 * for a float64 value it is compared as a float. Bounds print with Go's {@code %v}.
 */
final class NumberChecks {

  private NumberChecks() {}

  static ValueValidator.Result check(SchemaNode s, JsonNode data, String path) {
    ValueValidator.Result res = new ValueValidator.Result();
    boolean isInt = JsonKind.of(data) == JsonKind.INTEGER;
    Object value = isInt ? (Object) data.longValue() : data;
    if (s.multipleOf != null) {
      double factor = s.multipleOf;
      if (isInt && factor >= 1) {
        long f = (long) factor;
        long v = data.longValue();
        if (f != 0 && (v / f) * f != v) {
          res.add(
              OpenApiError.of(
                  Code.MULTIPLE_OF, path, value, path + " in body should be a multiple of " + f));
        }
      } else {
        double d = data.doubleValue();
        if (factor < 0) {
          res.add(
              OpenApiError.of(
                  Code.MULTIPLE_OF,
                  path,
                  factor,
                  "factor MultipleOf declared for "
                      + path
                      + " must be positive: "
                      + GoFormat.formatFloat(factor)));
        } else {
          double mult = factor < 1 ? 1 / factor * d : d / factor;
          if (!ValueValidator.isJsonInteger(mult)) {
            res.add(
                OpenApiError.of(
                    Code.MULTIPLE_OF,
                    path,
                    value,
                    path + " in body should be a multiple of " + GoFormat.formatFloat(factor)));
          }
        }
      }
    }
    if (s.minimum != null) {
      boolean fails;
      String bound;
      if (isInt) {
        long min = (long) s.minimum.doubleValue();
        long v = data.longValue();
        fails = s.exclusiveMinimum ? v <= min : v < min;
        bound = Long.toString(min);
      } else {
        double d = data.doubleValue();
        fails = s.exclusiveMinimum ? d <= s.minimum : d < s.minimum;
        bound = GoFormat.formatFloat(s.minimum);
      }
      if (fails) {
        res.add(
            OpenApiError.of(
                Code.MIN,
                path,
                value,
                path
                    + " in body should be greater than "
                    + (s.exclusiveMinimum ? "" : "or equal to ")
                    + bound));
      }
    }
    if (s.maximum != null) {
      boolean fails;
      String bound;
      if (isInt) {
        long max = (long) s.maximum.doubleValue();
        long v = data.longValue();
        fails = s.exclusiveMaximum ? v >= max : v > max;
        bound = Long.toString(max);
      } else {
        double d = data.doubleValue();
        fails = s.exclusiveMaximum ? d >= s.maximum : d > s.maximum;
        bound = GoFormat.formatFloat(s.maximum);
      }
      if (fails) {
        res.add(
            OpenApiError.of(
                Code.MAX,
                path,
                value,
                path
                    + " in body should be less than "
                    + (s.exclusiveMaximum ? "" : "or equal to ")
                    + bound));
      }
    }
    res.matchCount++;
    return res;
  }
}
