package io.kubeloop.apiserver.apply;

/**
 * Who a managedFields entry belongs to: kube's manager identifier. Entries with the same key merge.
 * Appliers are identified without their apiVersion, so that one applier keeps one entry across
 * versions; updaters get one entry per apiVersion.
 *
 * @param manager the field manager's name
 * @param operation {@code Apply} or {@code Update}
 * @param apiVersion the apiVersion of an {@code Update} entry; empty for {@code Apply}
 * @param subresource e.g. {@code status}, or empty for the main resource
 */
record ManagerKey(String manager, String operation, String apiVersion, String subresource) {

  static final String APPLY = "Apply";
  static final String UPDATE = "Update";

  static ManagerKey update(String manager, String apiVersion, String subresource) {
    return new ManagerKey(manager, UPDATE, apiVersion, subresource);
  }

  static ManagerKey apply(String manager, String subresource) {
    return new ManagerKey(manager, APPLY, "", subresource);
  }

  boolean isApply() {
    return operation.equals(APPLY);
  }

  /**
   * kube's identifier, the JSON of the entry without fields and time (fields in Go's order, empty
   * ones left out); conflicts are reported sorted by it.
   */
  String identity() {
    StringBuilder out = new StringBuilder("{");
    append(out, "manager", manager);
    append(out, "operation", operation);
    append(out, "apiVersion", apiVersion);
    append(out, "subresource", subresource);
    return out.append('}').toString();
  }

  private static void append(StringBuilder out, String name, String value) {
    if (value.isEmpty()) {
      return;
    }
    if (out.length() > 1) {
      out.append(',');
    }
    out.append('"').append(name).append("\":");
    Values.quote(value, out);
  }

  /** How kube's conflict messages name the manager: {@code "mgr" using apps/v1}. */
  String describe() {
    StringBuilder out = new StringBuilder();
    Values.quote(manager, out);
    if (!subresource.isEmpty()) {
      out.append(" with subresource ");
      Values.quote(subresource, out);
    }
    if (!isApply()) {
      out.append(" using ").append(apiVersion);
    }
    return out.toString();
  }
}
