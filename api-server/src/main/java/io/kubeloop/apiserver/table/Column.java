package io.kubeloop.apiserver.table;

/**
 * A table column as {@code columnDefinitions} describes it.
 *
 * @param name the header, e.g. {@code Ready}
 * @param type string, integer, number, boolean or date
 * @param format e.g. {@code name} for the Name column, or ""
 * @param description what the column shows
 * @param priority 0 for default columns, 1 for {@code -o wide} ones
 */
public record Column(String name, String type, String format, String description, int priority) {

  static Column of(String name, String type, String description) {
    return new Column(name, type, "", description, 0);
  }

  static Column wide(String name, String type, String description) {
    return new Column(name, type, "", description, 1);
  }

  static Column nameColumn() {
    return new Column(
        "Name",
        "string",
        "name",
        "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated.",
        0);
  }

  static Column age() {
    return of(
        "Age",
        "string",
        "CreationTimestamp is a timestamp representing the server time when this object was created.");
  }
}
