package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What Deployments and ReplicaSets share: a required, non-empty selector that matches the pod
 * template's labels; a template valid as a pod spec with {@code restartPolicy: Always}; the
 * selector immutable in apps/v1; non-negative status counters.
 */
final class WorkloadValidator {

  private static final FieldPath SPEC = FieldPath.of("spec");

  private WorkloadValidator() {}

  /** kube's selector checks plus {@code ValidatePodTemplateSpecForReplicaSet}. */
  static List<FieldError> validateSelectorAndTemplate(
      LabelSelector selector, PodTemplateSpec template) {
    List<FieldError> errs = new ArrayList<>();
    FieldPath selectorPath = SPEC.child("selector");
    if (selector == null) {
      errs.add(FieldError.required(selectorPath.toString(), ""));
    } else {
      errs.addAll(LabelSelectors.validate(selector, selectorPath));
      if (isEmpty(selector)) {
        // kube says "deployment" for replica sets too
        errs.add(
            FieldError.invalid(
                selectorPath.toString(),
                GoValue.labelSelector(selector),
                "empty selector is invalid for deployment"));
      }
    }
    Optional<LabelSelectors.Matcher> matcher = LabelSelectors.compile(selector);
    if (matcher.isEmpty()) {
      errs.add(
          FieldError.invalid(
              selectorPath.toString(), GoValue.labelSelector(selector), "invalid label selector"));
      return errs;
    }
    PodTemplateSpec t = template == null ? new PodTemplateSpec() : template;
    FieldPath templatePath = SPEC.child("template");
    Map<String, String> labels = t.getMetadata() == null ? null : t.getMetadata().getLabels();
    if (!matcher.get().isEmpty() && !matcher.get().matches(labels)) {
      errs.add(
          FieldError.invalid(
              templatePath.child("metadata", "labels").toString(),
              GoValue.stringMap(labels),
              "`selector` does not match template `labels`"));
    }
    errs.addAll(PodSpecValidator.validateTemplate(t, templatePath));
    PodSpec spec = t.getSpec() == null ? new PodSpec() : t.getSpec();
    String restartPolicy = ObjectMetaValidator.nullToEmpty(spec.getRestartPolicy());
    if (!restartPolicy.equals("Always")) {
      errs.add(
          FieldError.notSupported(
              templatePath.child("spec", "restartPolicy").toString(),
              restartPolicy,
              List.of("Always")));
    }
    if (spec.getActiveDeadlineSeconds() != null) {
      errs.add(
          FieldError.forbidden(
              templatePath.child("spec", "activeDeadlineSeconds").toString(),
              "activeDeadlineSeconds in ReplicaSet is not Supported"));
    }
    return errs;
  }

  /** apps/v1 forbids changing the selector (extensions/v1beta1 allowed it). */
  static List<FieldError> selectorImmutable(LabelSelector now, LabelSelector before) {
    if (!Objects.equals(normalize(now), normalize(before))) {
      return List.of(
          FieldError.invalid(
              SPEC.child("selector").toString(),
              GoValue.labelSelector(now),
              ObjectMetaValidator.FIELD_IMMUTABLE));
    }
    return List.of();
  }

  /** A non-negative integer, or a percentage like {@code 25%}. */
  static List<FieldError> positiveIntOrPercent(IntOrString value, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (value != null && value.getStrVal() != null) {
      for (String msg : Names.isValidPercent(value.getStrVal())) {
        errs.add(FieldError.invalid(path.toString(), GoValue.intOrString(value), msg));
      }
    } else {
      long v = value == null || value.getIntVal() == null ? 0 : value.getIntVal();
      ContainerValidator.nonNegative(errs, v, path);
    }
    return errs;
  }

  /** The number of a valid percentage, else the integer value (0 for non-numeric strings). */
  static int intOrPercentValue(IntOrString value) {
    if (value == null) {
      return 0;
    }
    if (value.getStrVal() != null) {
      String s = value.getStrVal();
      String digits = Names.isValidPercent(s).isEmpty() ? s.substring(0, s.length() - 1) : s;
      try {
        return Integer.parseInt(digits);
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return value.getIntVal() == null ? 0 : value.getIntVal();
  }

  static List<FieldError> notMoreThan100Percent(IntOrString value, FieldPath path) {
    if (value != null
        && value.getStrVal() != null
        && Names.isValidPercent(value.getStrVal()).isEmpty()
        && intOrPercentValue(value) > 100) {
      return List.of(
          FieldError.invalid(
              path.toString(), GoValue.intOrString(value), "must not be greater than 100%"));
    }
    return List.of();
  }

  /** A status counter: not negative, and when {@code capped} not above {@code status.replicas}. */
  static void counter(
      List<FieldError> errs,
      FieldPath status,
      String name,
      Number value,
      int replicas,
      boolean capped) {
    if (value == null) {
      return;
    }
    ContainerValidator.nonNegative(errs, value, status.child(name));
    if (capped && value.longValue() > replicas) {
      errs.add(
          FieldError.invalid(
              status.child(name).toString(), value, "cannot be greater than status.replicas"));
    }
  }

  /** {@code availableReplicas} may not exceed {@code readyReplicas}. */
  static void availableNotAboveReady(
      List<FieldError> errs, FieldPath status, Integer available, Integer ready) {
    int a = available == null ? 0 : available;
    int r = ready == null ? 0 : ready;
    if (a > r) {
      errs.add(
          FieldError.invalid(
              status.child("availableReplicas").toString(),
              a,
              "cannot be greater than readyReplicas"));
    }
  }

  static ObjectMeta meta(ObjectMeta meta) {
    return meta == null ? new ObjectMeta() : meta;
  }

  private static boolean isEmpty(LabelSelector selector) {
    return (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
        && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
  }

  private static Object normalize(LabelSelector s) {
    if (s == null) {
      return null;
    }
    return List.of(
        s.getMatchLabels() == null ? Map.of() : new java.util.HashMap<>(s.getMatchLabels()),
        ObjectMetaValidator.nonNull(s.getMatchExpressions()).stream()
            .map(
                e ->
                    List.of(
                        String.valueOf(e.getKey()),
                        String.valueOf(e.getOperator()),
                        ObjectMetaValidator.nonNull(e.getValues())))
            .toList());
  }
}
