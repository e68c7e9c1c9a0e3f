package io.kubeloop.apiserver.openapi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An Accept header read as kube-openapi reads it (goautoneg): media ranges ordered by quality, then
 * by specificity; the server walks them in that order and serves the first of its own types a range
 * matches. Parameters other than {@code q} are ignored.
 */
final class MediaRanges {

  record Range(String type, String subType, double q) {
    boolean matches(String offeredType, String offeredSubType) {
      return (type.equals("*") || type.equals(offeredType))
          && (subType.equals("*") || subType.equals(offeredSubType));
    }
  }

  private MediaRanges() {}

  /** The ranges of an Accept header, best first; a missing or blank header accepts anything. */
  static List<Range> parse(String accept) {
    if (accept == null || accept.isBlank()) {
      accept = "*/*";
    }
    List<Range> ranges = new ArrayList<>();
    for (String clause : accept.split(",")) {
      String[] parts = clause.split(";");
      String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
      if (mediaType.isEmpty()) {
        continue;
      }
      int slash = mediaType.indexOf('/');
      String type = slash < 0 ? mediaType : mediaType.substring(0, slash);
      String subType = slash < 0 ? "*" : mediaType.substring(slash + 1);
      double q = 1.0;
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].trim().split("=", 2);
        if (kv.length == 2 && kv[0].trim().equals("q")) {
          try {
            q = Double.parseDouble(kv[1].trim());
          } catch (NumberFormatException e) {
            q = 0; // goautoneg ignores a malformed q; never prefer such a range
          }
        }
      }
      if (q > 0) {
        ranges.add(new Range(type, subType, q));
      }
    }
    ranges.sort(
        Comparator.comparingDouble((Range r) -> -r.q())
            .thenComparing(r -> r.type().equals("*"))
            .thenComparing(r -> r.subType().equals("*")));
    return ranges;
  }

  /**
   * The first of {@code offered} ({@code type/subtype} strings, in the server's order of
   * preference) that the best matching range accepts, or null if none is acceptable.
   */
  static String negotiate(String accept, List<String> offered) {
    for (Range range : parse(accept)) {
      for (String o : offered) {
        int slash = o.indexOf('/');
        if (range.matches(o.substring(0, slash), o.substring(slash + 1))) {
          return o;
        }
      }
    }
    return null;
  }
}
