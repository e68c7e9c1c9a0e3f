package io.kubeloop.apiserver.patch;

import java.util.List;

/**
 * Go's {@code sort.SliceStable}: insertion sort over blocks of 20, then in-place SymMerge. kube's
 * strategic merge patch sorts with a comparator that is not a strict weak order when an element is
 * missing from the reference list ("less" is then always true), so only the same algorithm gives
 * the same order. O(n log^2 n) comparisons.
 */
final class GoStableSort {

  /** Go's {@code less(i, j)} over the current contents of the data being sorted. */
  @FunctionalInterface
  interface Less {
    boolean less(int i, int j);
  }

  /** Exchanges the elements at two positions. */
  @FunctionalInterface
  interface Swap {
    void swap(int i, int j);
  }

  private final Less less;
  private final Swap swapper;

  private GoStableSort(Less less, Swap swapper) {
    this.less = less;
    this.swapper = swapper;
  }

  /** Sorts {@code data} in place; {@code less} reads the list as it is being permuted. */
  static void sort(List<?> data, Less less) {
    sort(data.size(), less, (i, j) -> swapElements(data, i, j));
  }

  /** Sorts {@code n} elements that {@code swap} permutes and {@code less} compares. */
  static void sort(int n, Less less, Swap swap) {
    new GoStableSort(less, swap).stable(n);
  }

  private void swap(int i, int j) {
    swapper.swap(i, j);
  }

  private static <T> void swapElements(List<T> list, int i, int j) {
    T t = list.get(i);
    list.set(i, list.get(j));
    list.set(j, t);
  }

  private void stable(int n) {
    int blockSize = 20;
    int a = 0;
    int b = blockSize;
    while (b <= n) {
      insertionSort(a, b);
      a = b;
      b += blockSize;
    }
    insertionSort(a, n);
    while (blockSize < n) {
      a = 0;
      b = 2 * blockSize;
      while (b <= n) {
        symMerge(a, a + blockSize, b);
        a = b;
        b += 2 * blockSize;
      }
      int m = a + blockSize;
      if (m < n) {
        symMerge(a, m, n);
      }
      blockSize *= 2;
    }
  }

  private void insertionSort(int a, int b) {
    for (int i = a + 1; i < b; i++) {
      for (int j = i; j > a && less.less(j, j - 1); j--) {
        swap(j, j - 1);
      }
    }
  }

  private void symMerge(int a, int m, int b) {
    if (m - a == 1) {
      int i = m;
      int j = b;
      while (i < j) {
        int h = (i + j) >>> 1;
        if (less.less(h, a)) {
          i = h + 1;
        } else {
          j = h;
        }
      }
      for (int k = a; k < i - 1; k++) {
        swap(k, k + 1);
      }
      return;
    }
    if (b - m == 1) {
      int i = a;
      int j = m;
      while (i < j) {
        int h = (i + j) >>> 1;
        if (!less.less(m, h)) {
          i = h + 1;
        } else {
          j = h;
        }
      }
      for (int k = m; k > i; k--) {
        swap(k, k - 1);
      }
      return;
    }
    int mid = (a + b) >>> 1;
    int n = mid + m;
    int start;
    int r;
    if (m > mid) {
      start = n - b;
      r = mid;
    } else {
      start = a;
      r = m;
    }
    int p = n - 1;
    while (start < r) {
      int c = (start + r) >>> 1;
      if (!less.less(p - c, c)) {
        start = c + 1;
      } else {
        r = c;
      }
    }
    int end = n - start;
    if (start < m && m < end) {
      rotate(start, m, end);
    }
    if (a < start && start < mid) {
      symMerge(a, start, mid);
    }
    if (mid < end && end < b) {
      symMerge(mid, end, b);
    }
  }

  private void rotate(int a, int m, int b) {
    int i = m - a;
    int j = b - m;
    while (i != j) {
      if (i > j) {
        swapRange(m - i, m, j);
        i -= j;
      } else {
        swapRange(m - i, m + j - i, i);
        j -= i;
      }
    }
    swapRange(m - i, m, i);
  }

  private void swapRange(int a, int b, int n) {
    for (int i = 0; i < n; i++) {
      swap(a + i, b + i);
    }
  }
}
