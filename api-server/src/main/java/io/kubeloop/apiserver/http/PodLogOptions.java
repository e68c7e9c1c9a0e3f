package io.kubeloop.apiserver.http;

import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.FieldError;
import io.vertx.core.MultiMap;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The query of a {@code pods/log} request, decoded and validated as kube-apiserver decodes {@code
 * PodLogOptions} (400 for a value that does not parse, 422 {@code PodLogOptions "<pod>" is invalid}
 * for one that parses but is out of range).
 *
 * @param container "" when the request names none
 * @param sinceSeconds null when not given
 * @param sinceTime the RFC 3339 text as given, null when not given
 * @param tailLines null when not given
 * @param limitBytes null when not given
 */
record PodLogOptions(
    String container,
    boolean follow,
    boolean previous,
    boolean timestamps,
    Long sinceSeconds,
    String sinceTime,
    Long tailLines,
    Long limitBytes) {

  static PodLogOptions parse(MultiMap params, String podName) {
    PodLogOptions options =
        new PodLogOptions(
            params.get("container") == null ? "" : params.get("container"),
            bool(params, "follow"),
            bool(params, "previous"),
            bool(params, "timestamps"),
            integer(params, "sinceSeconds"),
            time(params, "sinceTime"),
            integer(params, "tailLines"),
            integer(params, "limitBytes"));
    options.validate(podName);
    return options;
  }

  /** kube's ValidatePodLogOptions. */
  private void validate(String podName) {
    List<FieldError> errors = new ArrayList<>();
    if (tailLines != null && tailLines < 0) {
      errors.add(FieldError.invalid("tailLines", tailLines, "must be greater than or equal to 0"));
    }
    if (limitBytes != null && limitBytes < 1) {
      errors.add(FieldError.invalid("limitBytes", limitBytes, "must be greater than 0"));
    }
    if (sinceSeconds != null && sinceTime != null) {
      errors.add(
          FieldError.forbidden(
              "", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
    } else if (sinceSeconds != null && sinceSeconds < 1) {
      errors.add(FieldError.invalid("sinceSeconds", sinceSeconds, "must be greater than 0"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid("PodLogOptions", "", podName, errors);
    }
  }

  /** The query for the node agent's {@code /containerLogs} endpoint, as kube's LogLocation. */
  String kubeletQuery() {
    StringJoiner query = new StringJoiner("&");
    if (follow) {
      query.add("follow=true");
    }
    if (previous) {
      query.add("previous=true");
    }
    if (timestamps) {
      query.add("timestamps=true");
    }
    if (sinceSeconds != null) {
      query.add("sinceSeconds=" + sinceSeconds);
    }
    if (sinceTime != null) {
      query.add(
          "sinceTime="
              + java.net.URLEncoder.encode(sinceTime, java.nio.charset.StandardCharsets.UTF_8));
    }
    if (tailLines != null) {
      query.add("tailLines=" + tailLines);
    }
    if (limitBytes != null) {
      query.add("limitBytes=" + limitBytes);
    }
    return query.toString();
  }

  /** Go's strconv.ParseBool, which the query decoder uses. */
  private static boolean bool(MultiMap params, String name) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      return false;
    }
    return switch (value) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default ->
          throw ApiException.badRequest(
              "strconv.ParseBool: parsing \"" + value + "\": invalid syntax");
    };
  }

  private static Long integer(MultiMap params, String name) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("strconv.ParseInt: parsing \"" + value + "\": invalid syntax");
    }
  }

  private static String time(MultiMap params, String name) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      OffsetDateTime.parse(value);
      return value;
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "parsing time \"" + value + "\" as \"2006-01-02T15:04:05Z07:00\": cannot parse");
    }
  }
}
