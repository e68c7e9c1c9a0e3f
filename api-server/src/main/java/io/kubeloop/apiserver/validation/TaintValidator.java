package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Node taints and the pod tolerations that match them. */
final class TaintValidator {

  static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  private TaintValidator() {}

  static List<FieldError> validateTolerations(List<Toleration> tolerations, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    for (int i = 0; i < tolerations.size(); i++) {
      Toleration t = tolerations.get(i);
      FieldPath p = path.index(i);
      String key = ObjectMetaValidator.nullToEmpty(t.getKey());
      String operator = ObjectMetaValidator.nullToEmpty(t.getOperator());
      String value = ObjectMetaValidator.nullToEmpty(t.getValue());
      String effect = ObjectMetaValidator.nullToEmpty(t.getEffect());
      if (!key.isEmpty()) {
        errs.addAll(ObjectMetaValidator.validateLabelName(key, p.child("key")));
      }
      if (key.isEmpty() && !operator.equals("Exists")) {
        errs.add(
            FieldError.invalid(
                p.child("operator").toString(),
                operator,
                "operator must be Exists when `key` is empty, which means \"match all values and"
                    + " all keys\""));
      }
      if (t.getTolerationSeconds() != null && !effect.equals("NoExecute")) {
        errs.add(
            FieldError.invalid(
                p.child("effect").toString(),
                effect,
                "effect must be 'NoExecute' when `tolerationSeconds` is set"));
      }
      switch (operator) {
        case "Equal", "" -> {
          List<String> msgs = Names.isLabelValue(value);
          if (!msgs.isEmpty()) {
            errs.add(
                FieldError.invalid(p.child("operator").toString(), value, String.join(";", msgs)));
          }
        }
        case "Exists" -> {
          if (!value.isEmpty()) {
            errs.add(
                FieldError.invalid(
                    p.child("operator").toString(),
                    value,
                    "value must be empty when `operator` is 'Exists'"));
          }
        }
        default ->
            errs.add(
                FieldError.notSupported(
                    p.child("operator").toString(), operator, List.of("Equal", "Exists")));
      }
      if (!effect.isEmpty() && !TAINT_EFFECTS.contains(effect)) {
        errs.add(FieldError.notSupported(p.child("effect").toString(), effect, TAINT_EFFECTS));
      }
    }
    return errs;
  }

  /** Node taints: qualified keys, label values, an effect, unique by key and effect. */
  static List<FieldError> validateTaints(List<Taint> taints, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Map<String, Set<String>> unique = new HashMap<>();
    for (int i = 0; i < taints.size(); i++) {
      Taint t = taints.get(i);
      FieldPath p = path.index(i);
      String key = ObjectMetaValidator.nullToEmpty(t.getKey());
      String value = ObjectMetaValidator.nullToEmpty(t.getValue());
      String effect = ObjectMetaValidator.nullToEmpty(t.getEffect());
      errs.addAll(ObjectMetaValidator.validateLabelName(key, p.child("key")));
      List<String> msgs = Names.isLabelValue(value);
      if (!msgs.isEmpty()) {
        errs.add(FieldError.invalid(p.child("value").toString(), value, String.join(";", msgs)));
      }
      if (effect.isEmpty()) {
        errs.add(FieldError.required(p.child("effect").toString(), ""));
      } else if (!TAINT_EFFECTS.contains(effect)) {
        errs.add(FieldError.notSupported(p.child("effect").toString(), effect, TAINT_EFFECTS));
      }
      if (!unique.computeIfAbsent(effect, e -> new HashSet<>()).add(key)) {
        errs.add(
            new FieldError(
                FieldError.Type.DUPLICATE,
                p.toString(),
                new GoValue(
                    "core.Taint{Key:"
                        + GoValue.quote(key)
                        + ", Value:"
                        + GoValue.quote(value)
                        + ", Effect:"
                        + GoValue.quote(effect)
                        + ", TimeAdded:<nil>}"),
                "taints must be unique by key and effect pair"));
      }
    }
    return errs;
  }
}
