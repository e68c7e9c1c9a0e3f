package io.kubeloop.apiserver.validation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Kubernetes name and format checks with kube-apiserver's exact wording. Each check returns the
 * list of problems (empty when the value is valid), as apimachinery's {@code IsDNS1123Subdomain}
 * and friends do; callers turn each message into a {@code FieldError.invalid(path, value, msg)}.
 *
 * <p>Lengths are counted in UTF-8 bytes, as Go's {@code len} does. The DNS, port-name and
 * config-key checks say "characters" and the label key/value checks say "bytes", because that is
 * what the two apimachinery packages they come from say today.
 *
 * <p>All methods are pure and thread-safe.
 */
public final class Names {

  /** Maximum length of a DNS-1123 label (namespace names, container names...). */
  public static final int DNS1123_LABEL_MAX_LENGTH = 63;

  /** Maximum length of a DNS-1123 subdomain (most object names). */
  public static final int DNS1123_SUBDOMAIN_MAX_LENGTH = 253;

  /** Maximum length of a DNS-1035 label (service names). */
  public static final int DNS1035_LABEL_MAX_LENGTH = 63;

  /** Maximum length of a label value and of the name part of a qualified name. */
  public static final int LABEL_VALUE_MAX_LENGTH = 63;

  /** Longest prefix kept from {@code generateName}; five random characters follow it. */
  public static final int MAX_GENERATED_NAME_PREFIX_LENGTH = 58;

  static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
  static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
  static final String LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  static final String LABEL_VALUE_FMT = "(" + LABEL_KEY_FMT + ")?";
  static final String C_IDENTIFIER_FMT = "[A-Za-z_][A-Za-z0-9_]*";
  static final String CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+";
  static final String PERCENT_FMT = "[0-9]+%";
  static final String HTTP_HEADER_NAME_FMT = "[-A-Za-z0-9]+";

  private static final Pattern C_IDENTIFIER = Pattern.compile(C_IDENTIFIER_FMT);
  private static final Pattern CONFIG_MAP_KEY = Pattern.compile(CONFIG_MAP_KEY_FMT);
  private static final Pattern PERCENT = Pattern.compile(PERCENT_FMT);
  private static final Pattern HTTP_HEADER_NAME = Pattern.compile(HTTP_HEADER_NAME_FMT);
  private static final Pattern PORT_NAME_CHARSET = Pattern.compile("[-a-z0-9]+");
  private static final Pattern ONE_LETTER = Pattern.compile("[a-z]");

  private static final String DNS1123_LABEL_ERR =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-',"
          + " and must start and end with an alphanumeric character";
  private static final String DNS1123_SUBDOMAIN_ERR =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-'"
          + " or '.', and must start and end with an alphanumeric character";
  private static final String DNS1035_LABEL_ERR =
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an"
          + " alphabetic character, and end with an alphanumeric character";
  private static final String LABEL_KEY_ERR =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
          + " alphanumeric character";
  private static final String LABEL_VALUE_ERR =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or"
          + " '.', and must start and end with an alphanumeric character";
  private static final String C_IDENTIFIER_ERR =
      "a valid C identifier must start with alphabetic character or '_', followed by a string of"
          + " alphanumeric characters or '_'";
  private static final String CONFIG_MAP_KEY_ERR =
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
  private static final String RELAXED_ENV_VAR_ERR =
      "a valid environment variable name must consist only of printable ASCII characters other"
          + " than '='";

  /** The alphabet of generated name suffixes: no vowels, no look-alike characters. */
  private static final String GENERATED_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private static final int GENERATED_SUFFIX_LENGTH = 5;

  private Names() {}

  /** A DNS-1123 label: namespaces, container names, port names of services. */
  public static List<String> isDns1123Label(String value) {
    List<String> errs = new ArrayList<>();
    if (byteLength(value) > DNS1123_LABEL_MAX_LENGTH) {
      errs.add(maxLenError(DNS1123_LABEL_MAX_LENGTH));
    }
    if (!matchesDns1123Label(value, false)) {
      if (matchesDns1123Subdomain(value)) {
        // a valid subdomain but not a label: since the length was checked above, it has dots
        errs.add("must not contain dots");
      } else {
        errs.add(regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, "my-name", "123-abc"));
      }
    }
    return errs;
  }

  /** A DNS-1123 subdomain: the name rule of most object kinds. */
  public static List<String> isDns1123Subdomain(String value) {
    List<String> errs = new ArrayList<>();
    if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) {
      errs.add(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    if (!matchesDns1123Subdomain(value)) {
      errs.add(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, "example.com"));
    }
    return errs;
  }

  /** A DNS-1035 label: service names. */
  public static List<String> isDns1035Label(String value) {
    List<String> errs = new ArrayList<>();
    if (byteLength(value) > DNS1035_LABEL_MAX_LENGTH) {
      errs.add(maxLenError(DNS1035_LABEL_MAX_LENGTH));
    }
    if (!matchesDns1123Label(value, true)) {
      errs.add(regexError(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, "my-name", "abc-123"));
    }
    return errs;
  }

  /**
   * A qualified name, i.e. a label key: an optional DNS-1123 subdomain prefix and a slash, then a
   * name of at most 63 alphanumerics, '-', '_' or '.'. Annotation keys, finalizers and taint keys
   * use the same rule.
   */
  public static List<String> isQualifiedName(String value) {
    List<String> errs = new ArrayList<>();
    String[] parts = value.split("/", -1);
    String name;
    switch (parts.length) {
      case 1 -> name = parts[0];
      case 2 -> {
        String prefix = parts[0];
        name = parts[1];
        if (prefix.isEmpty()) {
          errs.add("prefix part " + emptyError());
        } else {
          for (String msg : isDns1123SubdomainContent(prefix)) {
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
      errs.add("name part " + emptyError());
    } else if (byteLength(name) > LABEL_VALUE_MAX_LENGTH) {
      errs.add("name part " + maxLenBytesError(LABEL_VALUE_MAX_LENGTH));
    }
    if (!matchesLabelKey(name)) {
      errs.add(
          "name part " + regexError(LABEL_KEY_ERR, LABEL_KEY_FMT, "MyName", "my.name", "123-abc"));
    }
    return errs;
  }

  /** A label value: empty, or at most 63 alphanumerics, '-', '_' or '.'. */
  public static List<String> isLabelValue(String value) {
    List<String> errs = new ArrayList<>();
    if (byteLength(value) > LABEL_VALUE_MAX_LENGTH) {
      errs.add(maxLenBytesError(LABEL_VALUE_MAX_LENGTH));
    }
    if (!(value.isEmpty() || matchesLabelKey(value))) {
      errs.add(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
    }
    return errs;
  }

  /** A C identifier (the historic environment variable rule; still used for some names). */
  public static List<String> isCIdentifier(String value) {
    if (C_IDENTIFIER.matcher(value).matches()) {
      return List.of();
    }
    return List.of(regexError(C_IDENTIFIER_ERR, C_IDENTIFIER_FMT, "my_name", "MY_NAME", "MyName"));
  }

  /**
   * An environment variable name under today's relaxed rule (RelaxedEnvironmentVariableValidation,
   * on by default since 1.32): non-empty, printable ASCII, no '='.
   */
  public static List<String> isEnvVarName(String value) {
    List<String> errs = new ArrayList<>();
    if (value.isEmpty()) {
      errs.add("environment variable name " + emptyError());
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '=') {
        errs.add(RELAXED_ENV_VAR_ERR);
        break;
      }
    }
    return errs;
  }

  /** A key of a ConfigMap or Secret. */
  public static List<String> isConfigMapKey(String value) {
    List<String> errs = new ArrayList<>();
    if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) {
      errs.add(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    if (!CONFIG_MAP_KEY.matcher(value).matches()) {
      errs.add(
          regexError(CONFIG_MAP_KEY_ERR, CONFIG_MAP_KEY_FMT, "key.name", "KEY_NAME", "key-name"));
    }
    errs.addAll(hasChDirPrefix(value));
    return errs;
  }

  /**
   * An IANA service name as used for container and probe port names: at most 15 characters of
   * [-a-z0-9] with at least one letter, no leading, trailing or doubled hyphens.
   */
  public static List<String> isValidPortName(String port) {
    List<String> errs = new ArrayList<>();
    if (byteLength(port) > 15) {
      errs.add(maxLenError(15));
    }
    if (!PORT_NAME_CHARSET.matcher(port).matches()) {
      errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if (!ONE_LETTER.matcher(port).find()) {
      errs.add("must contain at least one letter (a-z)");
    }
    if (port.contains("--")) {
      errs.add("must not contain consecutive hyphens");
    }
    if (!port.isEmpty() && (port.charAt(0) == '-' || port.charAt(port.length() - 1) == '-')) {
      errs.add("must not begin or end with a hyphen");
    }
    return errs;
  }

  /** A non-zero TCP/UDP port number. */
  public static List<String> isValidPortNum(long port) {
    if (port >= 1 && port <= 65535) {
      return List.of();
    }
    return List.of(inclusiveRangeError(1, 65535));
  }

  /**
   * A name that can be one segment of a URL path and a storage key: not {@code .} or {@code ..}, no
   * {@code /} or {@code %}. Empty names and lengths are not checked here, as in kube.
   */
  public static List<String> isPathSegmentName(String name) {
    if (name.equals(".") || name.equals("..")) {
      return List.of("may not be '" + name + "'");
    }
    return isPathSegmentPrefix(name);
  }

  /** Like {@link #isPathSegmentName} for a prefix to which more characters will be appended. */
  public static List<String> isPathSegmentPrefix(String name) {
    List<String> errs = new ArrayList<>();
    if (name.contains("/")) {
      errs.add("may not contain '/'");
    }
    if (name.contains("%")) {
      errs.add("may not contain '%'");
    }
    return errs;
  }

  /** A percentage such as {@code 25%}. */
  public static List<String> isValidPercent(String value) {
    if (PERCENT.matcher(value).matches()) {
      return List.of();
    }
    return List.of(
        regexError(
            "a valid percent string must be a numeric string followed by an ending '%'",
            PERCENT_FMT, "1%", "93%"));
  }

  /** An HTTP header name as Go's HTTP library accepts it. */
  public static List<String> isHttpHeaderName(String value) {
    if (HTTP_HEADER_NAME.matcher(value).matches()) {
      return List.of();
    }
    return List.of(
        regexError(
            "a valid HTTP header must consist of alphanumeric characters or '-'",
            HTTP_HEADER_NAME_FMT,
            "X-Header-Name"));
  }

  /**
   * The name kube's {@code SimpleNameGenerator} makes from {@code metadata.generateName}: the
   * prefix cut to {@value #MAX_GENERATED_NAME_PREFIX_LENGTH} characters, then five random
   * characters from an alphabet without vowels. The caller retries on a name collision.
   *
   * @param random the source of randomness; must be safe for the calling thread
   */
  public static String generate(String generateName, RandomGenerator random) {
    Objects.requireNonNull(generateName, "generateName");
    Objects.requireNonNull(random, "random");
    String base = generateName;
    if (base.length() > MAX_GENERATED_NAME_PREFIX_LENGTH) {
      base = base.substring(0, MAX_GENERATED_NAME_PREFIX_LENGTH);
    }
    StringBuilder sb = new StringBuilder(base.length() + GENERATED_SUFFIX_LENGTH).append(base);
    for (int i = 0; i < GENERATED_SUFFIX_LENGTH; i++) {
      sb.append(
          GENERATED_SUFFIX_ALPHABET.charAt(random.nextInt(GENERATED_SUFFIX_ALPHABET.length())));
    }
    return sb.toString();
  }

  // ---- messages shared with the validators of this package ----

  /** The subdomain check of apimachinery's newer content package, which counts in bytes. */
  static List<String> isDns1123SubdomainContent(String value) {
    List<String> errs = new ArrayList<>();
    if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) {
      errs.add(maxLenBytesError(DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    if (!matchesDns1123Subdomain(value)) {
      errs.add(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, "example.com"));
    }
    return errs;
  }

  static String regexError(String msg, String fmt, String... examples) {
    if (examples.length == 0) {
      return msg + " (regex used for validation is '" + fmt + "')";
    }
    StringBuilder sb = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) {
        sb.append(" or ");
      }
      sb.append('\'').append(examples[i]).append("', ");
    }
    return sb.append("regex used for validation is '").append(fmt).append("')").toString();
  }

  static String maxLenError(int length) {
    return "must be no more than " + length + " characters";
  }

  static String maxLenBytesError(int length) {
    return "must be no more than " + length + " bytes";
  }

  static String emptyError() {
    return "must be non-empty";
  }

  static String inclusiveRangeError(long lo, long hi) {
    return "must be between " + lo + " and " + hi + ", inclusive";
  }

  static int byteLength(String value) {
    // fast path: ASCII strings are as long in bytes as in chars
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) >= 0x80) {
        return value.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return value.length();
  }

  // The formats below are matched by hand rather than with java.util.regex: Go's regexp runs in
  // linear time, a backtracking matcher would be quadratic on a long crafted name.

  private static boolean matchesDns1123Label(String s, boolean dns1035) {
    if (s.isEmpty() || s.charAt(s.length() - 1) == '-') {
      return false;
    }
    char first = s.charAt(0);
    if (dns1035 ? !isLower(first) : !isLowerAlnum(first)) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isLowerAlnum(c) && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesDns1123Subdomain(String s) {
    int start = 0;
    while (true) {
      int dot = s.indexOf('.', start);
      String label = dot < 0 ? s.substring(start) : s.substring(start, dot);
      if (!matchesDns1123Label(label, false)) {
        return false;
      }
      if (dot < 0) {
        return true;
      }
      start = dot + 1;
    }
  }

  private static boolean matchesLabelKey(String s) {
    if (s.isEmpty() || !isAlnum(s.charAt(0)) || !isAlnum(s.charAt(s.length() - 1))) {
      return false;
    }
    for (int i = 1; i < s.length() - 1; i++) {
      char c = s.charAt(i);
      if (!isAlnum(c) && c != '-' && c != '_' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isLowerAlnum(char c) {
    return isLower(c) || (c >= '0' && c <= '9');
  }

  private static boolean isAlnum(char c) {
    return isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
  }

  private static List<String> hasChDirPrefix(String value) {
    if (value.equals(".")) {
      return List.of("must not be '.'");
    }
    if (value.equals("..")) {
      return List.of("must not be '..'");
    }
    if (value.startsWith("..")) {
      return List.of("must not start with '..'");
    }
    return List.of();
  }
}
