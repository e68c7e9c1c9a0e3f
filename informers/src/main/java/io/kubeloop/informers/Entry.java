package io.kubeloop.informers;

import java.util.List;

/**
 * One cached object as stored: its key, resourceVersion, labels and index values decoded once, and
 * the object itself as JSON bytes, packed with {@link #codec} unless that is null.
 *
 * <p>Immutable; a change to the object replaces its entry. Entries are compared by identity (the
 * decode cache is keyed on them).
 */
final class Entry {

  final ObjectKey key;

  // A numeric resourceVersion (kube's are) is kept as a long; anything else as text.
  private final long resourceVersionNumber;
  private final String resourceVersionText;

  /** Label keys and values, alternating; interned. Empty when the object has no labels. */
  final String[] labels;

  /** The object's JSON, packed when {@link #codec} is set. */
  final byte[] payload;

  final LzCodec codec;

  /** Values of the custom indexes, in the store's index order; null without custom indexes. */
  final List<String>[] indexValues;

  Entry(
      ObjectKey key,
      String resourceVersion,
      String[] labels,
      byte[] payload,
      LzCodec codec,
      List<String>[] indexValues) {
    this.key = key;
    long number = parseCanonicalLong(resourceVersion);
    this.resourceVersionNumber = number;
    this.resourceVersionText = number < 0 ? (resourceVersion == null ? "" : resourceVersion) : null;
    this.labels = labels;
    this.payload = payload;
    this.codec = codec;
    this.indexValues = indexValues;
  }

  String resourceVersion() {
    return resourceVersionText != null ? resourceVersionText : Long.toString(resourceVersionNumber);
  }

  /** Whether this entry's resourceVersion is {@code rv}. */
  boolean hasResourceVersion(String rv) {
    if (rv == null) {
      return false;
    }
    return resourceVersionText != null
        ? resourceVersionText.equals(rv)
        : resourceVersionNumber == parseCanonicalLong(rv);
  }

  boolean sameResourceVersion(Entry other) {
    return resourceVersionNumber == other.resourceVersionNumber
        && java.util.Objects.equals(resourceVersionText, other.resourceVersionText);
  }

  /** The object's JSON. */
  byte[] json() {
    return codec == null ? payload : codec.decompress(payload);
  }

  /** The value of label {@code key}, or null. */
  String label(String key) {
    for (int i = 0; i < labels.length; i += 2) {
      if (labels[i].equals(key)) {
        return labels[i + 1];
      }
    }
    return null;
  }

  /** Bytes held for the object's content (not counting the shared codec). */
  int payloadSize() {
    return payload.length;
  }

  /** -1 unless {@code s} is a decimal without leading zeros that fits a long. */
  private static long parseCanonicalLong(String s) {
    if (s == null || s.isEmpty() || s.length() > 18 || (s.length() > 1 && s.charAt(0) == '0')) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
