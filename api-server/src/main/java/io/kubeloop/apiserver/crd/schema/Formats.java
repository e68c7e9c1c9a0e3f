package io.kubeloop.apiserver.crd.schema;

import io.kubeloop.apiserver.validation.Names;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The string formats kube-openapi's {@code strfmt.Default} registry checks, restricted to the ones
 * apiextensions-apiserver keeps in CRD schemas ({@code StripUnsupportedFormatsPostProcess}):
 * unsupported formats are ignored, exactly as kube ignores them. Each check follows the Go function
 * kube calls (noted per method); where we approximate a Go parser the method says so.
 *
 * <p>Stateless and thread-safe.
 */
final class Formats {

  private Formats() {}

  /** Normalized (dash-free) names of the string formats kube validates in CRDs. */
  private static final Set<String> SUPPORTED =
      Set.of(
          "bsonobjectid",
          "uri",
          "email",
          "hostname",
          "ipv4",
          "ipv6",
          "cidr",
          "mac",
          "uuid",
          "uuid3",
          "uuid4",
          "uuid5",
          "isbn",
          "isbn10",
          "isbn13",
          "creditcard",
          "ssn",
          "hexcolor",
          "rgbcolor",
          "byte",
          "password",
          "date",
          "duration",
          "datetime",
          "quantity",
          "k8sshortname",
          "k8slongname");

  /**
   * The format kube keeps for a node of {@code type}: string formats only when supported, {@code
   * int32}/{@code int64} on integers, {@code float}/{@code double} on numbers; null otherwise.
   */
  static String effectiveFormat(String type, String format) {
    if (format == null || format.isEmpty()) {
      return null;
    }
    String t = type == null ? "" : type;
    return switch (t) {
      case "", "string" -> SUPPORTED.contains(normalize(format)) ? format : null;
      case "integer" -> format.equals("int32") || format.equals("int64") ? format : null;
      case "number" -> format.equals("float") || format.equals("double") ? format : null;
      default -> null;
    };
  }

  /** Whether the format validator applies (a string format in the registry). */
  static boolean isStringFormat(String format) {
    return format != null && SUPPORTED.contains(normalize(format));
  }

  private static String normalize(String format) {
    // go-openapi's registry normalizes names by dropping dashes and underscores, lower-cased.
    return format.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** Whether {@code value} is valid for the (supported) string {@code format}. */
  static boolean validates(String format, String value) {
    return switch (normalize(format)) {
      case "datetime" -> isDateTime(value);
      case "date" -> isDate(value);
      case "duration" -> isDuration(value);
      case "uri" -> isRequestUri(value);
      case "email" -> EMAIL.matcher(value).matches();
      case "hostname" -> isHostname(value);
      case "ipv4" -> parseIpv4(value) && value.contains(".");
      case "ipv6" -> value.contains(":") && isIp(value);
      case "cidr" -> isCidr(value);
      case "mac" -> isMac(value);
      case "uuid" -> UUID.matcher(value).matches();
      case "uuid3" -> UUID3.matcher(value).matches();
      case "uuid4" -> UUID4.matcher(value).matches();
      case "uuid5" -> UUID5.matcher(value).matches();
      case "byte" -> BASE64.matcher(value).matches();
      case "password" -> true;
      case "bsonobjectid" -> BSON_OBJECT_ID.matcher(value).matches();
      case "isbn" -> isIsbn10(value) || isIsbn13(value);
      case "isbn10" -> isIsbn10(value);
      case "isbn13" -> isIsbn13(value);
      case "creditcard" -> isCreditCard(value);
      case "ssn" -> SSN.matcher(value).matches();
      case "hexcolor" -> HEX_COLOR.matcher(value).matches();
      case "rgbcolor" -> RGB_COLOR.matcher(value).matches();
      case "quantity" -> QUANTITY.matcher(value).matches();
      case "k8sshortname" -> Names.isDns1123Label(value).isEmpty();
      case "k8slongname" -> isLongName(value);
      default -> true;
    };
  }

  // strfmt.IsDateTime: split on the first 't' (case-insensitive), a full-date before it and
  // hh:mm:ss[.frac](z|+hh:mm) after it, with hour <= 23, minute and second <= 59.
  private static final Pattern DATE_TIME_TAIL =
      Pattern.compile("^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$");

  static boolean isDateTime(String s) {
    if (s.length() < 4) {
      return false;
    }
    String[] parts = s.toLowerCase(Locale.ROOT).split("t", -1);
    if (parts.length < 2 || !isDate(parts[0])) {
      return false;
    }
    Matcher m = DATE_TIME_TAIL.matcher(parts[1]);
    if (!m.find()) {
      return false;
    }
    return m.group(1).compareTo("23") <= 0
        && m.group(2).compareTo("59") <= 0
        && m.group(3).compareTo("59") <= 0;
  }

  private static final Pattern FULL_DATE = Pattern.compile("^(\\d{4})-(\\d{2})-(\\d{2})$");

  /** {@code time.Parse("2006-01-02", s)}. */
  static boolean isDate(String s) {
    Matcher m = FULL_DATE.matcher(s);
    if (!m.matches()) {
      return false;
    }
    try {
      LocalDate.of(
          Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  private static final Pattern GO_DURATION =
      Pattern.compile(
          "^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$");
  private static final Pattern SCALA_DURATION =
      Pattern.compile("^\\s*(?:\\d+\\s*[A-Za-z\u00b5]+\\s*)+$");
  private static final Pattern SCALA_PART = Pattern.compile("((\\d+)\\s*([A-Za-z\u00b5]+))");
  private static final String[][] TIME_UNITS = {
    {"ns", "nano"},
    {"us", "\u00b5s", "micro"},
    {"ms", "milli"},
    {"s", "sec"},
    {"m", "min"},
    {"h", "hr", "hour"},
    {"d", "day"},
    {"w", "wk", "week"}
  };

  /** strfmt.ParseDuration: Go's time.ParseDuration, else the Scala-like "3 days" syntax. */
  static boolean isDuration(String s) {
    if (GO_DURATION.matcher(s).matches()) {
      return true;
    }
    if (!SCALA_DURATION.matcher(s).matches()) {
      return false;
    }
    Matcher m = SCALA_PART.matcher(s);
    boolean ok = false;
    while (m.find()) {
      String unit = m.group(3).trim().toLowerCase(Locale.ROOT);
      for (String[] variants : TIME_UNITS) {
        int last = variants.length - 1;
        for (int i = 0; i < variants.length; i++) {
          if ((i == last && unit.startsWith(variants[i])) || variants[i].equalsIgnoreCase(unit)) {
            ok = true;
          }
        }
      }
    }
    return ok;
  }

  private static final Pattern SCHEME =
      Pattern.compile("^[A-Za-z][A-Za-z0-9+.\\-]*:.*", Pattern.DOTALL);

  /**
   * Go's {@code url.ParseRequestURI}, approximated: an absolute URI (scheme:...) or an absolute
   * path, no control characters, no spaces in the authority.
   */
  static boolean isRequestUri(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    String rest;
    if (SCHEME.matcher(s).matches()) {
      rest = s.substring(s.indexOf(':') + 1);
    } else if (s.startsWith("/")) {
      rest = s;
    } else {
      return false;
    }
    if (rest.startsWith("//")) {
      String authority = rest.substring(2);
      int end = authority.indexOf('/');
      if (end >= 0) {
        authority = authority.substring(0, end);
      }
      return !authority.contains(" ");
    }
    return true;
  }

  // net/mail.ParseAddress accepts "addr-spec" and "display-name <addr-spec>"; approximated.
  private static final Pattern EMAIL =
      Pattern.compile("^(?:[^<>@\\s]+@[^<>@\\s]+\\.?[^<>@\\s]*|[^<>]*<[^<>@\\s]+@[^<>@\\s]+>)$");

  private static final Pattern HOSTNAME =
      Pattern.compile(
          "^([a-zA-Z0-9\\p{S}\\p{L}]((-?[a-zA-Z0-9\\p{S}\\p{L}]{0,62})?)|([a-zA-Z0-9\\p{S}\\p{L}](([a-zA-Z0-9-\\p{S}\\p{L}]{0,61}[a-zA-Z0-9\\p{S}\\p{L}])?)(\\.)){1,}([a-zA-Z0-9\\p{S}\\p{L}])(-?[a-zA-Z0-9\\p{S}\\p{L}]){1,62})$");

  /** strfmt.IsHostname: the RFC 1034 pattern, at most 255 bytes, labels at most 63. */
  static boolean isHostname(String s) {
    if (!HOSTNAME.matcher(s).matches()) {
      return false;
    }
    if (s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
      return false;
    }
    for (String part : s.split("\\.", -1)) {
      if (part.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63) {
        return false;
      }
    }
    return true;
  }

  /** Go's net.ParseIP for a dotted IPv4 address (no leading zeros, four parts). */
  static boolean parseIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return false;
      }
      for (int i = 0; i < p.length(); i++) {
        if (!Character.isDigit(p.charAt(i)) || p.charAt(i) > '9') {
          return false;
        }
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  /** Go's net.ParseIP: an IPv4 address or an IPv6 address (possibly ending in IPv4). */
  static boolean isIp(String s) {
    if (!s.contains(":")) {
      return parseIpv4(s);
    }
    int dbl = s.indexOf("::");
    if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
      return false;
    }
    String head = dbl >= 0 ? s.substring(0, dbl) : s;
    String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
    int groups = 0;
    String[] sections = dbl >= 0 ? new String[] {head, tail} : new String[] {head};
    for (int si = 0; si < sections.length; si++) {
      String sec = sections[si];
      if (sec.isEmpty()) {
        continue;
      }
      String[] g = sec.split(":", -1);
      for (int i = 0; i < g.length; i++) {
        boolean lastOfAll = si == sections.length - 1 && i == g.length - 1;
        if (lastOfAll && g[i].contains(".")) {
          if (!parseIpv4(g[i])) {
            return false;
          }
          groups += 2;
          continue;
        }
        if (g[i].isEmpty() || g[i].length() > 4 || !g[i].matches("[0-9a-fA-F]+")) {
          return false;
        }
        groups++;
      }
    }
    return dbl >= 0 ? groups < 8 : groups == 8;
  }

  /** Go's net.ParseCIDR. */
  static boolean isCidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String ip = s.substring(0, slash);
    String bits = s.substring(slash + 1);
    if (bits.isEmpty()
        || bits.length() > 3
        || !bits.matches("[0-9]+")
        || (bits.length() > 1 && bits.charAt(0) == '0')) {
      return false;
    }
    int n = Integer.parseInt(bits);
    if (ip.contains(":")) {
      return isIp(ip) && n <= 128;
    }
    return parseIpv4(ip) && n <= 32;
  }

  private static final Pattern MAC_COLON =
      Pattern.compile("^[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\\1[0-9a-fA-F]{2})*$");
  private static final Pattern MAC_DOT = Pattern.compile("^[0-9a-fA-F]{4}(\\.[0-9a-fA-F]{4})*$");

  /** Go's net.ParseMAC: 6, 8 or 20 octets. */
  static boolean isMac(String s) {
    if (MAC_COLON.matcher(s).matches()) {
      int octets = (s.length() + 1) / 3;
      return octets == 6 || octets == 8 || octets == 20;
    }
    if (MAC_DOT.matcher(s).matches()) {
      int groups = (s.length() + 1) / 5;
      return groups == 3 || groups == 4 || groups == 10;
    }
    return false;
  }

  private static final Pattern UUID =
      Pattern.compile("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$");
  private static final Pattern UUID3 =
      Pattern.compile("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$");
  private static final Pattern UUID4 =
      Pattern.compile(
          "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$");
  private static final Pattern UUID5 =
      Pattern.compile(
          "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$");
  private static final Pattern BASE64 =
      Pattern.compile(
          "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$");
  private static final Pattern BSON_OBJECT_ID = Pattern.compile("^[0-9a-fA-F]{24}$");
  private static final Pattern SSN = Pattern.compile("^\\d{3}[- ]?\\d{2}[- ]?\\d{4}$");
  private static final Pattern HEX_COLOR = Pattern.compile("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$");
  private static final Pattern RGB_COLOR =
      Pattern.compile(
          "^rgb\\(\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*,\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*,\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*\\)$");
  // resource.ParseQuantity: a signed decimal and a binary-SI, decimal-SI or exponent suffix.
  private static final Pattern QUANTITY =
      Pattern.compile(
          "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$");

  private static boolean isIsbn10(String s) {
    String d = s.replaceAll("[\\s-]", "");
    if (!d.matches("^(?:[0-9]{9}X|[0-9]{10})$")) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += (i + 1) * (d.charAt(i) - '0');
    }
    sum += d.charAt(9) == 'X' ? 100 : 10 * (d.charAt(9) - '0');
    return sum % 11 == 0;
  }

  private static boolean isIsbn13(String s) {
    String d = s.replaceAll("[\\s-]", "");
    if (!d.matches("^[0-9]{13}$")) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 12; i++) {
      sum += (i % 2 == 0 ? 1 : 3) * (d.charAt(i) - '0');
    }
    return (10 - sum % 10) % 10 == d.charAt(12) - '0';
  }

  private static final Pattern CREDIT_CARD =
      Pattern.compile(
          "^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\\d{3})\\d{11}|6[27][0-9]{14})$");

  /** govalidator.IsCreditCard: digits only after removing non-digits, pattern plus Luhn. */
  private static boolean isCreditCard(String s) {
    String d = s.replaceAll("[^0-9]+", "");
    if (!CREDIT_CARD.matcher(d).matches()) {
      return false;
    }
    int sum = 0;
    boolean dbl = false;
    for (int i = d.length() - 1; i >= 0; i--) {
      int v = d.charAt(i) - '0';
      if (dbl) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  private static final Pattern LONG_NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  private static boolean isLongName(String s) {
    return s.length() <= 253 && LONG_NAME.matcher(s).matches();
  }
}
