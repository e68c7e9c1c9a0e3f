package io.kubeloop.apiserver.selection;

import io.kubeloop.apiserver.errors.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One term of a label selector: a key, an operator and its values ({@code labels.Requirement}).
 *
 * <p>The canonical constructor only copies; {@link #of} validates the way {@code
 * labels.NewRequirement} does. Immutable and thread-safe.
 *
 * @param key the label key, e.g. {@code app.kubernetes.io/name}
 * @param operator how the label's value relates to {@code values}
 * @param values the values in the order given; empty for {@code EXISTS} and {@code DOES_NOT_EXIST}
 */
public record Requirement(String key, Operator operator, List<String> values) {

  public Requirement {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(operator, "operator");
    values = List.copyOf(values);
  }

  /**
   * A validated requirement.
   *
   * @throws ApiException 400 with {@code labels.NewRequirement}'s message when the key, a value or
   *     the number of values is invalid for the operator
   */
  public static Requirement of(String key, Operator operator, List<String> values) {
    String error = LabelValidation.requirementError(key, operator, values, "key");
    if (error != null) {
      throw ApiException.badRequest(error);
    }
    return new Requirement(key, operator, values);
  }

  /**
   * Whether the labels satisfy this requirement. {@code NOT_IN}, {@code NOT_EQUALS} and {@code
   * DOES_NOT_EXIST} match when the key is absent; {@code GREATER_THAN} and {@code LESS_THAN}
   * compare the label's value as a 64-bit integer and never match a non-integer.
   */
  public boolean matches(Map<String, String> labels) {
    String value = labels.get(key);
    return switch (operator) {
      case IN, EQUALS, DOUBLE_EQUALS -> value != null && values.contains(value);
      case NOT_IN, NOT_EQUALS -> value == null || !values.contains(value);
      case EXISTS -> labels.containsKey(key);
      case DOES_NOT_EXIST -> !labels.containsKey(key);
      case GREATER_THAN, LESS_THAN -> compares(value);
    };
  }

  private boolean compares(String value) {
    if (value == null
        || values.size() != 1
        || !LabelValidation.isGoInt64(value)
        || !LabelValidation.isGoInt64(values.get(0))) {
      return false;
    }
    long actual = Long.parseLong(value);
    long bound = Long.parseLong(values.get(0));
    return operator == Operator.GREATER_THAN ? actual > bound : actual < bound;
  }

  /**
   * The requirement in selector syntax, e.g. {@code tier in (backend,cache)} or {@code !canary}.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (operator == Operator.DOES_NOT_EXIST) {
      sb.append('!');
    }
    sb.append(key);
    switch (operator) {
      case EXISTS, DOES_NOT_EXIST -> {
        return sb.toString();
      }
      case IN -> sb.append(" in (");
      case NOT_IN -> sb.append(" notin (");
      case GREATER_THAN -> sb.append('>');
      case LESS_THAN -> sb.append('<');
      default -> sb.append(operator.text());
    }
    if (values.size() == 1) {
      sb.append(values.get(0));
    } else {
      // Sorted on output only, as apimachinery does, so the requirement itself keeps its order.
      List<String> sorted = new ArrayList<>(values);
      sorted.sort(null);
      sb.append(String.join(",", sorted));
    }
    if (operator == Operator.IN || operator == Operator.NOT_IN) {
      sb.append(')');
    }
    return sb.toString();
  }
}
