package io.kubeloop.informers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A small LZ77 compressor with a preset dictionary, for keeping cached objects as compact bytes.
 *
 * <p>Why not {@link java.util.zip.Deflater}: on 1.3 KB ConfigMaps a reset-and-deflate with a
 * dictionary costs about five times as much CPU as this codec (zlib clears a 64 KB hash table on
 * every reset), and the informer compresses every object it receives. Deflate packs tighter (450 vs
 * 730 bytes on the benchmark objects); the README has the measurements.
 *
 * <p>The dictionary is a sample of earlier objects of the same resource, so the repeated JSON keys
 * and metadata of a resource cost a few bytes per object. Format: a varint raw length, then
 * sequences of {@code [literal length varint][literals][match length - 3 varint][distance varint]},
 * ending with a literal run followed by a zero match length. A distance reaching before the start
 * of the output refers to the dictionary, which conceptually precedes the output.
 *
 * <p>Thread-safety: a codec is immutable and {@link #decompress} may be called from any thread;
 * {@link #compress} uses a caller-owned {@link Scratch}, one per thread.
 */
final class LzCodec {

  private static final int HASH_BITS = 13;
  private static final int MIN_MATCH = 4;

  /** Positions inside a match that are indexed for later matches: its last few only, as LZ4. */
  private static final int INDEX_TAIL = 4;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /** Objects smaller than this are kept raw: there is too little to win. */
  static final int MIN_INPUT = 64;

  private final byte[] dictionary;

  // Latest dictionary position for each hash, or -1.
  private final int[] dictionaryTable = new int[1 << HASH_BITS];

  LzCodec(byte[] dictionary) {
    this.dictionary = dictionary.clone();
    Arrays.fill(dictionaryTable, -1);
    for (int i = 0; i + MIN_MATCH <= this.dictionary.length; i++) {
      dictionaryTable[hash(this.dictionary, i)] = i;
    }
  }

  int dictionarySize() {
    return dictionary.length;
  }

  /** Per-thread working memory for {@link #compress}. */
  static final class Scratch {
    // Input positions by hash; valid only where stamps[h] == generation, so no per-call clearing.
    private final int[] table = new int[1 << HASH_BITS];
    private final int[] stamps = new int[1 << HASH_BITS];
    private int generation;
    private byte[] out = new byte[4096];
    private int size;

    private void reset(int inputLength) {
      if (++generation == 0) {
        Arrays.fill(stamps, 0);
        generation = 1;
      }
      int worst = inputLength + inputLength / 64 + 16;
      if (out.length < worst) {
        out = new byte[Math.max(worst, out.length * 2)];
      }
      size = 0;
    }

    private void varint(int value) {
      int v = value;
      while ((v & ~0x7f) != 0) {
        out[size++] = (byte) ((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      out[size++] = (byte) v;
    }

    private void literals(byte[] src, int from, int length) {
      varint(length);
      System.arraycopy(src, from, out, size, length);
      size += length;
    }
  }

  /**
   * Compresses {@code src[off, off + len)}.
   *
   * @return the packed bytes, or {@code null} when packing saves less than an eighth (the caller
   *     then keeps the raw bytes, which also read faster)
   */
  byte[] compress(byte[] src, int off, int len, Scratch s) {
    if (len < MIN_INPUT) {
      return null;
    }
    s.reset(len);
    s.varint(len);
    int end = off + len;
    int lastStart = end - MIN_MATCH;
    int anchor = off;
    int i = off;
    int misses = 0;
    byte[] dict = dictionary;
    while (i <= lastStart) {
      int h = hash(src, i);
      int inputCandidate = s.stamps[h] == s.generation ? s.table[h] : -1;
      s.stamps[h] = s.generation;
      s.table[h] = i;
      int bestLength = 0;
      int bestDistance = 0;
      if (inputCandidate >= 0) {
        int n = matchLength(src, inputCandidate, src, i, end);
        if (n >= MIN_MATCH) {
          bestLength = n;
          bestDistance = i - inputCandidate;
        }
      }
      int dictCandidate = dictionaryTable[h];
      if (dictCandidate >= 0 && bestLength < 32) {
        int n = matchLength(dict, dictCandidate, src, i, end, dict.length);
        if (n > bestLength && n >= MIN_MATCH) {
          bestLength = n;
          bestDistance = (i - off) + (dict.length - dictCandidate);
        }
      }
      if (bestLength == 0) {
        // skip faster through data that does not repeat, as LZ4 does
        i += 1 + (misses++ >> 5);
        continue;
      }
      misses = 0;
      s.literals(src, anchor, i - anchor);
      s.varint(bestLength - MIN_MATCH + 1);
      s.varint(bestDistance);
      int matchEnd = i + bestLength;
      // index the match's last positions so a repeat of what follows it is found
      for (int j = Math.max(i + 1, matchEnd - INDEX_TAIL); j < matchEnd && j <= lastStart; j++) {
        int hj = hash(src, j);
        s.stamps[hj] = s.generation;
        s.table[hj] = j;
      }
      i = matchEnd;
      anchor = i;
    }
    s.literals(src, anchor, end - anchor);
    s.varint(0);
    if (s.size > len - (len >> 3)) {
      return null;
    }
    return Arrays.copyOf(s.out, s.size);
  }

  /** Restores the bytes {@link #compress} packed with this codec. */
  byte[] decompress(byte[] packed) {
    int[] pos = {0};
    int length = readVarint(packed, pos);
    byte[] out = new byte[length];
    int p = 0;
    byte[] dict = dictionary;
    while (true) {
      int literals = readVarint(packed, pos);
      System.arraycopy(packed, pos[0], out, p, literals);
      pos[0] += literals;
      p += literals;
      int code = readVarint(packed, pos);
      if (code == 0) {
        break;
      }
      int matchLength = code + MIN_MATCH - 1;
      int distance = readVarint(packed, pos);
      int from = p - distance;
      if (from < 0) {
        // starts in the dictionary, may run on into the output
        int d = dict.length + from;
        int fromDict = Math.min(matchLength, -from);
        System.arraycopy(dict, d, out, p, fromDict);
        p += fromDict;
        matchLength -= fromDict;
        from = 0;
      }
      if (p - from >= matchLength) {
        System.arraycopy(out, from, out, p, matchLength);
        p += matchLength;
      } else {
        // overlapping run: copy forward byte by byte
        for (int k = 0; k < matchLength; k++) {
          out[p++] = out[from + k];
        }
      }
    }
    if (p != length) {
      throw new IllegalStateException("corrupt packed object: " + p + " of " + length + " bytes");
    }
    return out;
  }

  /**
   * Length of the repeat of {@code a[ai..]} at {@code b[bi..]}, eight bytes per step; within one
   * array the runs may overlap (ai < bi), as decoding copies forward.
   */
  private static int matchLength(byte[] a, int ai, byte[] b, int bi, int bEnd) {
    int n = 0;
    int max = bEnd - bi;
    while (n + 8 <= max && ai + n + 8 <= a.length) {
      long diff = (long) LONGS.get(a, ai + n) ^ (long) LONGS.get(b, bi + n);
      if (diff != 0) {
        return n + (Long.numberOfTrailingZeros(diff) >>> 3);
      }
      n += 8;
    }
    while (n < max && ai + n < a.length && a[ai + n] == b[bi + n]) {
      n++;
    }
    return n;
  }

  private static int matchLength(byte[] dict, int di, byte[] b, int bi, int bEnd, int dictEnd) {
    return matchLength(dict, di, b, bi, Math.min(bEnd, bi + (dictEnd - di)));
  }

  private static int hash(byte[] b, int i) {
    return ((int) INTS.get(b, i) * -1640531535) >>> (32 - HASH_BITS);
  }

  private static int readVarint(byte[] b, int[] pos) {
    int value = 0;
    int shift = 0;
    while (true) {
      int x = b[pos[0]++];
      value |= (x & 0x7f) << shift;
      if (x >= 0) {
        return value;
      }
      shift += 7;
    }
  }
}
