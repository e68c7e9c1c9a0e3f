package io.kubeloop.apiserver.watchcache;

import java.util.SplittableRandom;

/**
 * A set of keys that counts: how many keys sort below a given one, in O(log n) expected time. A
 * {@link java.util.TreeMap} can only tell by walking the range, which made every page of a paged
 * list cost O(n) just to report kube's {@code remainingItemCount}.
 *
 * <p>A treap (a binary search tree whose nodes also form a heap on random priorities) with subtree
 * sizes. The priorities come from a fixed seed, so the shape depends only on the order of calls.
 *
 * <p>Not thread-safe: the cache guards it with its lock.
 */
final class KeyCounts {

  private static final class Node {
    final String key;
    final int priority;
    int size = 1;
    Node left;
    Node right;

    Node(String key, int priority) {
      this.key = key;
      this.priority = priority;
    }
  }

  private final SplittableRandom random = new SplittableRandom(0x6b75_6265_6c6f_6f70L);
  private Node root;

  /** Adds {@code key}; the caller knows it is absent. */
  void add(String key) {
    root = insert(root, new Node(key, random.nextInt()));
  }

  /** Removes {@code key} if present. */
  void remove(String key) {
    root = remove(root, key);
  }

  /** Number of keys. */
  int size() {
    return size(root);
  }

  /** Number of keys that sort strictly below {@code key}. */
  int countBelow(String key) {
    int count = 0;
    Node n = root;
    while (n != null) {
      int c = key.compareTo(n.key);
      if (c <= 0) {
        n = n.left;
      } else {
        count += size(n.left) + 1;
        n = n.right;
      }
    }
    return count;
  }

  /** Number of keys {@code k} with {@code from < k < to}. */
  int countBetween(String from, String to) {
    if (from.compareTo(to) >= 0) {
      return 0;
    }
    int below = countBelow(to) - countBelow(from);
    return contains(from) ? below - 1 : below;
  }

  boolean contains(String key) {
    Node n = root;
    while (n != null) {
      int c = key.compareTo(n.key);
      if (c == 0) {
        return true;
      }
      n = c < 0 ? n.left : n.right;
    }
    return false;
  }

  private static Node insert(Node n, Node x) {
    if (n == null) {
      return x;
    }
    if (x.priority > n.priority) {
      // x becomes the root of this subtree: the keys below it split around x's key
      Node[] parts = split(n, x.key);
      x.left = parts[0];
      x.right = parts[1];
      return update(x);
    }
    if (x.key.compareTo(n.key) < 0) {
      n.left = insert(n.left, x);
    } else {
      n.right = insert(n.right, x);
    }
    return update(n);
  }

  private static Node remove(Node n, String key) {
    if (n == null) {
      return null;
    }
    int c = key.compareTo(n.key);
    if (c == 0) {
      return merge(n.left, n.right);
    }
    if (c < 0) {
      n.left = remove(n.left, key);
    } else {
      n.right = remove(n.right, key);
    }
    return update(n);
  }

  /** Splits into the keys below {@code key} and the rest. */
  private static Node[] split(Node n, String key) {
    if (n == null) {
      return new Node[2];
    }
    if (n.key.compareTo(key) < 0) {
      Node[] parts = split(n.right, key);
      n.right = parts[0];
      parts[0] = update(n);
      return parts;
    }
    Node[] parts = split(n.left, key);
    n.left = parts[1];
    parts[1] = update(n);
    return parts;
  }

  /** Joins two treaps where every key of {@code a} sorts below every key of {@code b}. */
  private static Node merge(Node a, Node b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (a.priority > b.priority) {
      a.right = merge(a.right, b);
      return update(a);
    }
    b.left = merge(a, b.left);
    return update(b);
  }

  private static Node update(Node n) {
    n.size = 1 + size(n.left) + size(n.right);
    return n;
  }

  private static int size(Node n) {
    return n == null ? 0 : n.size;
  }
}
