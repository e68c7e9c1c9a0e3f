package io.kubeloop.apiserver.validation;

/**
 * An immutable field path rendered as kube's {@code field.Path} renders it: children joined by
 * dots, indexes as {@code [0]}, map keys as {@code [key]}.
 */
final class FieldPath {

  private final String rendered;

  private FieldPath(String rendered) {
    this.rendered = rendered;
  }

  static FieldPath of(String first, String... more) {
    FieldPath path = new FieldPath(first);
    for (String name : more) {
      path = path.child(name);
    }
    return path;
  }

  FieldPath child(String name, String... more) {
    FieldPath path = new FieldPath(rendered.isEmpty() ? name : rendered + "." + name);
    for (String next : more) {
      path = path.child(next);
    }
    return path;
  }

  FieldPath index(int i) {
    return new FieldPath(rendered + "[" + i + "]");
  }

  FieldPath key(String key) {
    return new FieldPath(rendered + "[" + key + "]");
  }

  @Override
  public String toString() {
    return rendered;
  }
}
