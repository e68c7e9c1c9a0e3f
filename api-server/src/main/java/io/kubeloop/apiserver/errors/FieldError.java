package io.kubeloop.apiserver.errors;

import io.fabric8.kubernetes.api.model.StatusCause;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One field's validation failure, rendered the way kube-apiserver renders it: {@code
 * spec.containers[0].name: Required value} in messages and a {@code StatusCause} with reason {@code
 * FieldValueRequired} in {@code details.causes}.
 *
 * @param type what is wrong
 * @param field the field path, e.g. {@code metadata.name} or {@code spec.containers[1].image}
 * @param badValue the offending value, or {@code null} where kube omits it (required, forbidden)
 * @param detail extra explanation, may be empty
 */
public record FieldError(Type type, String field, Object badValue, String detail) {

  /** The kinds of field errors, with kube's cause reasons and message prefixes. */
  public enum Type {
    REQUIRED("FieldValueRequired", "Required value"),
    INVALID("FieldValueInvalid", "Invalid value"),
    NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
    DUPLICATE("FieldValueDuplicate", "Duplicate value"),
    FORBIDDEN("FieldValueForbidden", "Forbidden"),
    TOO_LONG("FieldValueTooLong", "Too long"),
    TOO_MANY("FieldValueTooMany", "Too many"),
    NOT_FOUND("FieldValueNotFound", "Not found"),
    TYPE_INVALID("FieldValueTypeInvalid", "Invalid value"),
    INTERNAL("InternalError", "Internal error");

    private final String reason;
    private final String message;

    Type(String reason, String message) {
      this.reason = reason;
      this.message = message;
    }

    /** The {@code StatusCause.reason} kube uses for this type. */
    public String reason() {
      return reason;
    }

    /** The message prefix kube uses for this type. */
    public String message() {
      return message;
    }
  }

  public FieldError {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(field, "field");
    detail = detail == null ? "" : detail;
  }

  public static FieldError required(String field, String detail) {
    return new FieldError(Type.REQUIRED, field, null, detail);
  }

  public static FieldError invalid(String field, Object value, String detail) {
    return new FieldError(Type.INVALID, field, value, detail);
  }

  public static FieldError forbidden(String field, String detail) {
    return new FieldError(Type.FORBIDDEN, field, null, detail);
  }

  public static FieldError duplicate(String field, Object value) {
    return new FieldError(Type.DUPLICATE, field, value, "");
  }

  public static FieldError notFound(String field, Object value) {
    return new FieldError(Type.NOT_FOUND, field, value, "");
  }

  public static FieldError tooLong(String field, Object value, int maxLength) {
    return new FieldError(
        Type.TOO_LONG, field, value, "may not be more than " + maxLength + " bytes");
  }

  public static FieldError tooMany(String field, int actual, int max) {
    return new FieldError(Type.TOO_MANY, field, actual, "must have at most " + max + " items");
  }

  /** An unsupported value; the detail lists the supported ones as kube does. */
  public static FieldError notSupported(String field, Object value, Collection<String> supported) {
    String detail =
        supported.isEmpty()
            ? ""
            : "supported values: "
                + supported.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
    return new FieldError(Type.NOT_SUPPORTED, field, value, detail);
  }

  /** The text after the field path, e.g. {@code Invalid value: "Foo": must be lowercase}. */
  public String message() {
    StringBuilder sb = new StringBuilder(type.message());
    boolean showValue =
        switch (type) {
          case REQUIRED, FORBIDDEN, INTERNAL -> false;
          case TOO_LONG -> false;
          default -> true;
        };
    if (showValue) {
      sb.append(": ").append(render(badValue));
    }
    if (!detail.isEmpty()) {
      sb.append(": ").append(detail);
    }
    return sb.toString();
  }

  /** The error as one line, {@code field: message}. */
  @Override
  public String toString() {
    return field + ": " + message();
  }

  /** This error as a {@code details.causes[]} entry. */
  public StatusCause toCause() {
    return new StatusCause(field, message(), type.reason());
  }

  /** The aggregate message kube uses: one error alone, several in brackets. */
  public static String aggregate(List<FieldError> errors) {
    if (errors.size() == 1) {
      return errors.get(0).toString();
    }
    return errors.stream().map(FieldError::toString).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String render(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    return String.valueOf(value);
  }
}
