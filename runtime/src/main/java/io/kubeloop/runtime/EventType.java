package io.kubeloop.runtime;

/** The type of a core/v1 Event: {@code Normal} or {@code Warning}. */
public enum EventType {
  /** Nothing to worry about: something happened as intended. */
  NORMAL("Normal"),
  /** Something may need attention. */
  WARNING("Warning");

  private final String value;

  EventType(String value) {
    this.value = value;
  }

  /** The value of the Event's {@code type} field. */
  public String value() {
    return value;
  }
}
