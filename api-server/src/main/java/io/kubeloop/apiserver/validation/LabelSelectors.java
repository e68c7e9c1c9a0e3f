package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validation of {@code metav1.LabelSelector} and its evaluation against a label map, as
 * apimachinery's {@code ValidateLabelSelector} and {@code LabelSelectorAsSelector} do it.
 */
final class LabelSelectors {

  private LabelSelectors() {}

  /**
   * Validates a selector; {@code null} is valid. Values of {@code In}/{@code NotIn} expressions
   * must be label values (kube's strict mode, used for new objects).
   */
  static List<FieldError> validate(LabelSelector selector, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (selector == null) {
      return errs;
    }
    errs.addAll(
        ObjectMetaValidator.validateLabels(selector.getMatchLabels(), path.child("matchLabels")));
    List<LabelSelectorRequirement> exprs =
        ObjectMetaValidator.nonNull(selector.getMatchExpressions());
    for (int i = 0; i < exprs.size(); i++) {
      errs.addAll(validateRequirement(exprs.get(i), path.child("matchExpressions").index(i)));
    }
    return errs;
  }

  private static List<FieldError> validateRequirement(
      LabelSelectorRequirement req, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String operator = ObjectMetaValidator.nullToEmpty(req.getOperator());
    List<String> values = ObjectMetaValidator.nonNull(req.getValues());
    switch (operator) {
      case "In", "NotIn" -> {
        if (values.isEmpty()) {
          errs.add(
              FieldError.required(
                  path.child("values").toString(),
                  "must be specified when `operator` is 'In' or 'NotIn'"));
        }
      }
      case "Exists", "DoesNotExist" -> {
        if (!values.isEmpty()) {
          errs.add(
              FieldError.forbidden(
                  path.child("values").toString(),
                  "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        }
      }
      default ->
          errs.add(
              FieldError.invalid(
                  path.child("operator").toString(), operator, "not a valid selector operator"));
    }
    errs.addAll(ObjectMetaValidator.validateLabelName(req.getKey(), path.child("key")));
    for (int i = 0; i < values.size(); i++) {
      String value = ObjectMetaValidator.nullToEmpty(values.get(i));
      for (String msg : Names.isLabelValue(value)) {
        errs.add(FieldError.invalid(path.child("values").index(i).toString(), value, msg));
      }
    }
    return errs;
  }

  /**
   * The selector as kube's {@code LabelSelectorAsSelector} builds it, or empty when that fails (an
   * invalid key, value or operator). A {@code null} selector selects nothing; a selector with no
   * terms selects everything.
   */
  static Optional<Matcher> compile(LabelSelector selector) {
    if (selector == null) {
      return Optional.of(Matcher.NOTHING);
    }
    Map<String, String> matchLabels =
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    List<LabelSelectorRequirement> exprs =
        ObjectMetaValidator.nonNull(selector.getMatchExpressions());
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!Names.isQualifiedName(e.getKey()).isEmpty()
          || !Names.isLabelValue(ObjectMetaValidator.nullToEmpty(e.getValue())).isEmpty()) {
        return Optional.empty();
      }
    }
    for (LabelSelectorRequirement req : exprs) {
      if (!validateRequirement(req, FieldPath.of("")).isEmpty()) {
        return Optional.empty();
      }
    }
    if (matchLabels.isEmpty() && exprs.isEmpty()) {
      return Optional.of(Matcher.EVERYTHING);
    }
    return Optional.of(new Matcher(Map.copyOf(matchLabels), List.copyOf(exprs), false));
  }

  /** Whether {@code selector} selects an object with {@code labels}; false if it is invalid. */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    return compile(selector).map(m -> m.matches(labels)).orElse(false);
  }

  /**
   * A compiled selector. {@link #isEmpty()} is kube's {@code Selector.Empty()}: true only for the
   * selector that matches everything.
   */
  record Matcher(
      Map<String, String> matchLabels,
      List<LabelSelectorRequirement> expressions,
      boolean nothing) {

    static final Matcher NOTHING = new Matcher(Map.of(), List.of(), true);
    static final Matcher EVERYTHING = new Matcher(Map.of(), List.of(), false);

    boolean isEmpty() {
      return !nothing && matchLabels.isEmpty() && expressions.isEmpty();
    }

    boolean matches(Map<String, String> labels) {
      if (nothing) {
        return false;
      }
      Map<String, String> l = labels == null ? Map.of() : labels;
      for (Map.Entry<String, String> e : matchLabels.entrySet()) {
        if (!e.getValue().equals(l.get(e.getKey()))) {
          return false;
        }
      }
      for (LabelSelectorRequirement req : expressions) {
        String value = l.get(req.getKey());
        boolean ok =
            switch (req.getOperator()) {
              case "In" -> value != null && req.getValues().contains(value);
              case "NotIn" -> value == null || !req.getValues().contains(value);
              case "Exists" -> l.containsKey(req.getKey());
              case "DoesNotExist" -> !l.containsKey(req.getKey());
              default -> false;
            };
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }
}
