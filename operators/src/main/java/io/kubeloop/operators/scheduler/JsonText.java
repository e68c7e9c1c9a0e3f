package io.kubeloop.operators.scheduler;

/**
 * Small JSON bodies written by hand: the scheduler sends one binding and one event per pod, and
 * serializing Fabric8 model objects through Jackson's bean serializers cost more CPU than the rest
 * of the scheduling cycle.
 */
final class JsonText {

  private JsonText() {}

  /** Appends {@code s} as a JSON string, quotes included. */
  static StringBuilder string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  /** Appends {@code "name":"value"}, preceded by a comma unless {@code first}. */
  static StringBuilder field(StringBuilder out, String name, String value, boolean first) {
    if (!first) {
      out.append(',');
    }
    string(out, name).append(':');
    return value == null ? out.append("null") : string(out, value);
  }
}
