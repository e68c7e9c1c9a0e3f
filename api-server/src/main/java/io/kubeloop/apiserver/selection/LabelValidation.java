package io.kubeloop.apiserver.selection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Label key and value validation with apimachinery's wording ({@code api/validate/content}: {@code
 * IsLabelKey}, {@code IsLabelValue}, {@code IsDNS1123Subdomain}) and the field-error rendering of
 * {@code labels.NewRequirement}, so a bad selector gets the message kube-apiserver sends.
 */
final class LabelValidation {

  /** The field path apimachinery prints for a nil {@code *field.Path}. */
  static final String NIL_PATH = "<nil>";

  private static final String LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final String LABEL_KEY_ERR =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
          + " alphanumeric character";
  private static final String LABEL_VALUE_FMT = "(" + LABEL_KEY_FMT + ")?";
  private static final String LABEL_VALUE_ERR =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or"
          + " '.', and must start and end with an alphanumeric character";
  private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1123_SUBDOMAIN_FMT =
      DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
  private static final String DNS1123_SUBDOMAIN_ERR =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
          + " '.', and must start and end with an alphanumeric character";

  private static final Pattern LABEL_KEY = Pattern.compile(LABEL_KEY_FMT);
  private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);

  private static final int LABEL_KEY_MAX = 63;
  private static final int LABEL_VALUE_MAX = 63;
  private static final int DNS1123_SUBDOMAIN_MAX = 253;

  private LabelValidation() {}

  /** {@code content.IsLabelKey}: the problems with a label key, empty when it is valid. */
  static List<String> labelKeyErrors(String value) {
    List<String> errs = new ArrayList<>();
    String[] parts = value.split("/", -1);
    String name;
    switch (parts.length) {
      case 1 -> name = parts[0];
      case 2 -> {
        String prefix = parts[0];
        name = parts[1];
        if (prefix.isEmpty()) {
          errs.add("prefix part must be non-empty");
        } else {
          for (String msg : dns1123SubdomainErrors(prefix)) {
            errs.add("prefix part " + msg);
          }
        }
      }
      default -> {
        errs.add(
            "a valid label key "
                + regexError(LABEL_KEY_ERR, LABEL_KEY_FMT, "MyName", "my.name", "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
        return errs;
      }
    }
    if (name.isEmpty()) {
      errs.add("name part must be non-empty");
    } else if (GoText.byteLength(name) > LABEL_KEY_MAX) {
      errs.add("name part " + maxLenError(LABEL_KEY_MAX));
    }
    if (!LABEL_KEY.matcher(name).matches()) {
      errs.add(
          "name part " + regexError(LABEL_KEY_ERR, LABEL_KEY_FMT, "MyName", "my.name", "123-abc"));
    }
    return errs;
  }

  /** {@code content.IsLabelValue}: the problems with a label value, empty when it is valid. */
  static List<String> labelValueErrors(String value) {
    List<String> errs = new ArrayList<>();
    if (GoText.byteLength(value) > LABEL_VALUE_MAX) {
      errs.add(maxLenError(LABEL_VALUE_MAX));
    }
    if (!LABEL_VALUE.matcher(value).matches()) {
      errs.add(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
    }
    return errs;
  }

  static List<String> dns1123SubdomainErrors(String value) {
    List<String> errs = new ArrayList<>();
    if (GoText.byteLength(value) > DNS1123_SUBDOMAIN_MAX) {
      errs.add(maxLenError(DNS1123_SUBDOMAIN_MAX));
    }
    if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
      errs.add(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, "example.com"));
    }
    return errs;
  }

  /** {@code field.Invalid(path, key, ...)} for a bad key, or {@code null} when the key is valid. */
  static String validateKey(String key, String path) {
    List<String> errs = labelKeyErrors(key);
    return errs.isEmpty() ? null : invalid(path, GoText.quote(key), String.join("; ", errs));
  }

  /**
   * The checks of {@code labels.NewRequirement}, rendered as its aggregated error; {@code null}
   * when the requirement is valid.
   *
   * @param keyPath where a key error is reported: {@code "key"} for a requirement built from a
   *     {@code LabelSelector}; the parser validates keys itself before it gets here
   * @param values the values as given; {@code null} stands for Go's nil slice in messages
   */
  static String requirementError(String key, Operator op, List<String> values, String keyPath) {
    List<String> errs = new ArrayList<>();
    String keyError = validateKey(key, keyPath);
    if (keyError != null) {
      errs.add(keyError);
    }
    int n = values == null ? 0 : values.size();
    switch (op) {
      case IN, NOT_IN -> {
        if (n == 0) {
          errs.add(
              invalid(
                  "values",
                  GoText.goSyntax(values),
                  "for 'in', 'notin' operators, values set can't be empty"));
        }
      }
      case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
        if (n != 1) {
          errs.add(
              invalid(
                  "values",
                  GoText.goSyntax(values),
                  "exact-match compatibility requires one single value"));
        }
      }
      case EXISTS, DOES_NOT_EXIST -> {
        if (n != 0) {
          errs.add(
              invalid(
                  "values",
                  GoText.goSyntax(values),
                  "values set must be empty for exists and does not exist"));
        }
      }
      case GREATER_THAN, LESS_THAN -> {
        if (n != 1) {
          errs.add(
              invalid(
                  "values",
                  GoText.goSyntax(values),
                  "for 'Gt', 'Lt' operators, exactly one value is required"));
        }
        for (int i = 0; i < n; i++) {
          if (!isGoInt64(values.get(i))) {
            errs.add(
                invalid(
                    "values[" + i + "]",
                    GoText.quote(values.get(i)),
                    "for 'Gt', 'Lt' operators, the value must be an integer"));
          }
        }
      }
    }
    for (int i = 0; i < n; i++) {
      String value = values.get(i);
      List<String> valueErrs = labelValueErrors(value);
      if (!valueErrs.isEmpty()) {
        errs.add(
            invalid(
                "values[" + i + "][" + key + "]",
                GoText.quote(value),
                String.join("; ", valueErrs)));
      }
    }
    return aggregate(errs);
  }

  /** {@code strconv.ParseInt(s, 10, 64) == nil}. */
  static boolean isGoInt64(String s) {
    int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
    if (start == s.length()) {
      return false;
    }
    for (int i = start; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    try {
      Long.parseLong(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** {@code ErrorList.ToAggregate().Error()}: duplicates dropped, several in brackets. */
  static String aggregate(List<String> errs) {
    Set<String> unique = new LinkedHashSet<>(errs);
    if (unique.isEmpty()) {
      return null;
    }
    if (unique.size() == 1) {
      return unique.iterator().next();
    }
    return "[" + String.join(", ", unique) + "]";
  }

  private static String invalid(String path, String renderedValue, String detail) {
    return path + ": Invalid value: " + renderedValue + ": " + detail;
  }

  private static String maxLenError(int length) {
    return "must be no more than " + length + " bytes";
  }

  private static String regexError(String msg, String re, String... examples) {
    StringBuilder sb = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) {
        sb.append(" or ");
      }
      sb.append('\'').append(examples[i]).append("', ");
    }
    return sb.append("regex used for validation is '").append(re).append("')").toString();
  }
}
