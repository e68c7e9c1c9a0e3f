package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Taint and toleration matching, as kube's {@code v1helper} and {@code Toleration.ToleratesTaint}.
 */
final class Tolerations {

  static final String NO_SCHEDULE = "NoSchedule";
  static final String NO_EXECUTE = "NoExecute";
  static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";

  private Tolerations() {}

  /**
   * Whether {@code toleration} tolerates {@code taint}: an empty effect matches every effect, an
   * empty key (with {@code Exists}) every key; {@code Exists} ignores the value, {@code Equal} (the
   * default) compares it.
   */
  static boolean tolerates(Toleration toleration, Taint taint) {
    if (!isEmpty(toleration.getEffect()) && !toleration.getEffect().equals(taint.getEffect())) {
      return false;
    }
    if (!isEmpty(toleration.getKey()) && !toleration.getKey().equals(taint.getKey())) {
      return false;
    }
    String operator = toleration.getOperator();
    if (isEmpty(operator) || operator.equals("Equal")) {
      return nullToEmpty(toleration.getValue()).equals(nullToEmpty(taint.getValue()));
    }
    return operator.equals("Exists");
  }

  static boolean anyTolerates(List<Toleration> tolerations, Taint taint) {
    for (Toleration t : tolerations) {
      if (tolerates(t, taint)) {
        return true;
      }
    }
    return false;
  }

  /** The first taint passing {@code filter} that no toleration tolerates, or null. */
  static Taint firstUntolerated(
      List<Taint> taints, List<Toleration> tolerations, Predicate<Taint> filter) {
    for (Taint taint : taints) {
      if (filter.test(taint) && !anyTolerates(tolerations, taint)) {
        return taint;
      }
    }
    return null;
  }

  static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }

  static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
