package io.kubeloop.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * apiextensions-apiserver's {@code kubeOpenAPIResultToFieldErrors}: kube-openapi errors become
 * {@code field.Error}s whose path is the prefix plus the error's dotted name, with the type each
 * code maps to (Required, Unsupported value, Too long, Too many, a type error, or Invalid value).
 * Errors that are not per-field (anyOf/oneOf/allOf/not summaries) land on the prefix itself, which
 * for custom resources is the nil path kube prints as {@code <nil>}.
 */
final class FieldErrors {

  private FieldErrors() {}

  /** What kube prints for a nil {@code *field.Path}. */
  static final String NIL_PATH = "<nil>";

  /**
   * @param prefix the field path the validated value sits at, or null for kube's nil path (custom
   *     resources are validated from a nil path)
   */
  static List<FieldError> convert(String prefix, List<OpenApiError> errors) {
    List<FieldError> out = new ArrayList<>(errors.size());
    for (OpenApiError e : errors) {
      if (e.code() == OpenApiError.Code.COMPOSITE) {
        out.add(FieldError.invalid(prefix == null ? NIL_PATH : prefix, "", e.message()));
        continue;
      }
      String name = e.name();
      String path;
      if (name != null && !name.isEmpty() && !name.equals(".")) {
        String rel = name.startsWith(".") ? name.substring(1) : name;
        path = prefix == null || prefix.isEmpty() ? rel : prefix + "." + rel;
      } else {
        path = prefix == null ? NIL_PATH : prefix;
      }
      Object value = render(e.value());
      switch (e.code()) {
        case REQUIRED -> out.add(FieldError.required(path, ""));
        case ENUM -> {
          List<String> values = new ArrayList<>();
          for (JsonNode v : e.enumValues()) {
            values.add(v.isTextual() ? v.textValue() : JsonText.marshal(v));
          }
          out.add(FieldError.notSupported(path, value, values));
        }
        case TOO_LONG ->
            out.add(
                new FieldError(
                    FieldError.Type.TOO_LONG,
                    path,
                    value == null ? "" : value,
                    "may not be more than " + e.limit() + (e.limit() == 1 ? " byte" : " bytes")));
        case MAX_ITEMS, TOO_MANY_PROPERTIES ->
            out.add(
                new FieldError(
                    FieldError.Type.TOO_MANY,
                    path,
                    value,
                    "must have at most " + e.limit() + (e.limit() == 1 ? " item" : " items")));
        case INVALID_TYPE ->
            out.add(
                new FieldError(
                    FieldError.Type.TYPE_INVALID, path, value == null ? "" : value, e.message()));
        default -> out.add(FieldError.invalid(path, value == null ? "" : value, e.message()));
      }
    }
    return out;
  }

  private static Object render(Object value) {
    if (value instanceof JsonNode node) {
      return node.isNull() ? null : GoFormat.badValue(node);
    }
    if (value instanceof Double d) {
      return new GoFormat.Rendered(GoFormat.formatFloat(d));
    }
    return value;
  }
}
