package io.kubeloop.informers;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Query parameters of a list or watch request; "" or 0 leaves a parameter out. */
record ListQuery(
    String labelSelector,
    String fieldSelector,
    String resourceVersion,
    String resourceVersionMatch,
    int limit,
    String continueToken,
    boolean watch,
    boolean sendInitialEvents,
    long timeoutSeconds) {

  static ListQuery list(
      String labelSelector, String fieldSelector, String resourceVersion, int limit, String cont) {
    return new ListQuery(
        labelSelector, fieldSelector, resourceVersion, "", limit, cont, false, false, 0);
  }

  static ListQuery watch(
      String labelSelector, String fieldSelector, String resourceVersion, long timeoutSeconds) {
    return new ListQuery(
        labelSelector, fieldSelector, resourceVersion, "", 0, "", true, false, timeoutSeconds);
  }

  static ListQuery streamingList(
      String labelSelector, String fieldSelector, String resourceVersion, long timeoutSeconds) {
    return new ListQuery(
        labelSelector,
        fieldSelector,
        resourceVersion,
        "NotOlderThan",
        0,
        "",
        true,
        true,
        timeoutSeconds);
  }

  /** The encoded query string, without the leading {@code ?}. */
  String encode() {
    StringBuilder q = new StringBuilder();
    add(q, "labelSelector", labelSelector);
    add(q, "fieldSelector", fieldSelector);
    add(q, "resourceVersion", resourceVersion);
    add(q, "resourceVersionMatch", resourceVersionMatch);
    if (limit > 0) {
      add(q, "limit", Integer.toString(limit));
    }
    add(q, "continue", continueToken);
    if (watch) {
      add(q, "watch", "true");
      add(q, "allowWatchBookmarks", "true");
    }
    if (sendInitialEvents) {
      add(q, "sendInitialEvents", "true");
    }
    if (timeoutSeconds > 0) {
      add(q, "timeoutSeconds", Long.toString(timeoutSeconds));
    }
    return q.toString();
  }

  private static void add(StringBuilder q, String name, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    if (!q.isEmpty()) {
      q.append('&');
    }
    q.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }
}
