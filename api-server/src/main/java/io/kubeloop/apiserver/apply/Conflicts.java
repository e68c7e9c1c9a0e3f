package io.kubeloop.apiserver.apply;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.kubeloop.apiserver.errors.ApiException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fields an apply would take from other managers without {@code force}. Turned into kube's 409
 * {@code Conflict}: {@code Apply failed with 1 conflict: conflict with "mgr" using apps/v1:
 * .spec.replicas}, one {@code FieldManagerConflict} cause per field.
 */
final class Conflicts extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The conflicting fields by manager, managers sorted by kube's identifier. */
  private final transient Map<ManagerKey, FieldSet> byManager;

  Conflicts(Map<ManagerKey, FieldSet> byManager) {
    super("apply conflicts", null, false, false);
    Map<ManagerKey, FieldSet> sorted = new LinkedHashMap<>();
    byManager.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.comparing(ManagerKey::identity)))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    this.byManager = sorted;
  }

  /** Every conflicting path, in any manager. */
  FieldSet paths() {
    FieldSet all = FieldSet.EMPTY;
    for (FieldSet set : byManager.values()) {
      all = all.union(set);
    }
    return all;
  }

  /** The conflicts whose path is not in {@code allowed}, or null if none is left. */
  Conflicts without(FieldSet allowed) {
    Map<ManagerKey, FieldSet> left = new LinkedHashMap<>();
    byManager.forEach(
        (key, set) -> {
          FieldSet rest = set.difference(allowed);
          if (!rest.isEmpty()) {
            left.put(key, rest);
          }
        });
    return left.isEmpty() ? null : new Conflicts(left);
  }

  ApiException toApiException() {
    List<StatusCause> causes = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    int count = 0;
    String single = null;
    for (Map.Entry<ManagerKey, FieldSet> e : byManager.entrySet()) {
      String manager = e.getKey().describe();
      lines.add("conflicts with " + manager + ":");
      for (String path : e.getValue().paths()) {
        StatusCause cause = new StatusCause();
        cause.setReason("FieldManagerConflict");
        cause.setMessage("conflict with " + manager);
        cause.setField(path);
        causes.add(cause);
        lines.add("- " + path);
        single = "conflict with " + manager + ": " + path;
        count++;
      }
    }
    String message =
        count == 1
            ? "Apply failed with 1 conflict: " + single
            : "Apply failed with " + count + " conflicts: " + String.join("\n", lines);
    StatusDetails details = new StatusDetails();
    details.setCauses(causes);
    return ApiException.of(409, "Conflict", message, details);
  }
}
