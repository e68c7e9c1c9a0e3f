package io.kubeloop.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One error as kube-openapi's validator reports it before apiextensions-apiserver turns it into a
 * {@code field.Error}: a code, the dotted name of the value ({@code spec.replicas}), the offending
 * value, the message, and for some codes the limit or the enum values.
 *
 * @param value a {@link JsonNode}, a {@link Long} or a {@link String}; null when kube has none
 */
record OpenApiError(
    Code code, String name, Object value, String message, Long limit, List<JsonNode> enumValues) {

  enum Code {
    INVALID_TYPE,
    REQUIRED,
    TOO_LONG,
    TOO_SHORT,
    PATTERN,
    ENUM,
    MULTIPLE_OF,
    MAX,
    MIN,
    UNIQUE,
    MAX_ITEMS,
    MIN_ITEMS,
    TOO_FEW_PROPERTIES,
    TOO_MANY_PROPERTIES,
    UNALLOWED_PROPERTY,
    /** Not a {@code *errors.Validation}: anyOf/oneOf/allOf/not summaries. */
    COMPOSITE
  }

  static OpenApiError of(Code code, String name, Object value, String message) {
    return new OpenApiError(code, name, value, message, null, null);
  }
}
