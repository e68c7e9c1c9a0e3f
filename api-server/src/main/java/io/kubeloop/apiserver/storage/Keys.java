package io.kubeloop.apiserver.storage;

/**
 * Key arithmetic shared by the backends.
 *
 * <p>Keys are ordered as Java strings in memory and as UTF-8 bytes in SQLite; the two orders agree
 * for every key without characters outside the Basic Multilingual Plane, which covers every
 * Kubernetes key (resource names are DNS labels and subdomains).
 */
final class Keys {

  private Keys() {}

  /**
   * The smallest string greater than every string that starts with {@code prefix}, or null when
   * there is none (the empty prefix, or one made only of {@code \uFFFF}).
   */
  static String prefixEnd(String prefix) {
    for (int i = prefix.length() - 1; i >= 0; i--) {
      char c = prefix.charAt(i);
      if (c != Character.MAX_VALUE) {
        return prefix.substring(0, i) + (char) (c + 1);
      }
    }
    return null;
  }

  /** The key a range over {@code prefix} continuing after {@code startAfter} starts from. */
  static boolean startsAfterPrefix(String prefix, String startAfter) {
    return startAfter != null && startAfter.compareTo(prefix) >= 0;
  }

  static void checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
  }

  static void checkTtl(long ttlSeconds) {
    if (ttlSeconds < 0) {
      throw new IllegalArgumentException(
          String.format("ttlSeconds must not be negative, got %d", ttlSeconds));
    }
  }
}
