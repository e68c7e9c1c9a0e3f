package io.kubeloop.apiserver.validation;

import java.util.List;

/**
 * The rule an object kind's {@code metadata.name} must follow, with kube's handling of {@code
 * generateName} prefixes: a prefix may end in a dash, since random characters follow it.
 */
enum NameRule {
  /** Most kinds: pods, config maps, secrets, nodes, deployments... */
  DNS1123_SUBDOMAIN,
  /** Namespaces. */
  DNS1123_LABEL,
  /** Services. */
  DNS1035_LABEL,
  /** Kinds whose names only have to be usable in a URL path, e.g. core/v1 events. */
  PATH_SEGMENT;

  /**
   * The problems with {@code name}.
   *
   * @param prefix whether {@code name} is a {@code generateName} prefix
   */
  List<String> validate(String name, boolean prefix) {
    return switch (this) {
      case DNS1123_SUBDOMAIN -> Names.isDns1123Subdomain(prefix ? maskTrailingDash(name) : name);
      case DNS1123_LABEL -> Names.isDns1123Label(prefix ? maskTrailingDash(name) : name);
      case DNS1035_LABEL -> Names.isDns1035Label(prefix ? maskTrailingDash(name) : name);
      case PATH_SEGMENT -> prefix ? Names.isPathSegmentPrefix(name) : Names.isPathSegmentName(name);
    };
  }

  /**
   * kube replaces a trailing dash with a letter before checking a prefix. It drops the character
   * before the dash too ({@code name[:len(name)-2] + "a"}); we keep that, since it decides which
   * prefixes pass the length check.
   */
  static String maskTrailingDash(String name) {
    if (name.endsWith("-")) {
      return name.length() >= 2 ? name.substring(0, name.length() - 2) + "a" : "a";
    }
    return name;
  }
}
