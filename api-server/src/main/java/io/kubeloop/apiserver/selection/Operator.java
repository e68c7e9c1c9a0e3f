package io.kubeloop.apiserver.selection;

/** A label selector requirement's operator, with apimachinery's {@code selection.Operator} text. */
public enum Operator {
  IN("in"),
  NOT_IN("notin"),
  EQUALS("="),
  DOUBLE_EQUALS("=="),
  NOT_EQUALS("!="),
  GREATER_THAN("gt"),
  LESS_THAN("lt"),
  EXISTS("exists"),
  DOES_NOT_EXIST("!");

  private final String text;

  Operator(String text) {
    this.text = text;
  }

  /** The operator as apimachinery spells it, e.g. {@code notin} or {@code !=}. */
  public String text() {
    return text;
  }
}
