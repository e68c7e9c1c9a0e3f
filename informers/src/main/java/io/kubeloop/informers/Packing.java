package io.kubeloop.informers;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decides how an informer's objects are stored: packed with an {@link LzCodec} whose dictionary is
 * learned from the first objects the informer receives, or raw. Shared by the reflectors of one
 * informer; each reflector thread packs with its own {@link Packer}.
 *
 * <p>Until {@link #SAMPLES} objects have been seen, objects are stored raw; then the dictionary is
 * fixed for the informer's lifetime (entries keep a reference to the codec that packed them, so a
 * later dictionary would also work, but one is enough for objects of one resource).
 *
 * <p>Thread-safe.
 */
final class Packing {

  static final int SAMPLES = 8;
  static final int MAX_DICTIONARY = 16 * 1024;

  private final boolean enabled;
  private final ReentrantLock lock = new ReentrantLock();
  private byte[] samples = new byte[0]; // guarded by lock
  private int sampleCount; // guarded by lock
  private volatile LzCodec codec;

  Packing(boolean enabled) {
    this.enabled = enabled;
  }

  /** The codec in use, or null while still sampling (or when packing is off). */
  LzCodec codec() {
    return codec;
  }

  Packer newPacker() {
    return new Packer();
  }

  private void sample(byte[] src, int off, int len) {
    lock.lock();
    try {
      if (codec != null) {
        return;
      }
      int take = Math.min(len, MAX_DICTIONARY / SAMPLES);
      // the latest samples go last: nearer matches have shorter distances
      byte[] grown = Arrays.copyOf(samples, samples.length + take);
      System.arraycopy(src, off, grown, samples.length, take);
      samples = grown;
      if (++sampleCount >= SAMPLES) {
        codec = new LzCodec(samples);
        samples = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Packs objects for one thread. Not thread-safe. */
  final class Packer {
    private final LzCodec.Scratch scratch = new LzCodec.Scratch();
    private LzCodec packedWith;
    private byte[] lastPayload;

    /**
     * Packs {@code src[off, off + len)}; afterwards {@link #payload()} and {@link #codec()} say
     * what to store.
     */
    void pack(byte[] src, int off, int len) {
      LzCodec c = enabled ? codec : null;
      if (enabled && c == null) {
        sample(src, off, len);
      }
      byte[] packed = c == null ? null : c.compress(src, off, len, scratch);
      if (packed == null) {
        lastPayload = Arrays.copyOfRange(src, off, off + len);
        packedWith = null;
      } else {
        lastPayload = packed;
        packedWith = c;
      }
    }

    byte[] payload() {
      return lastPayload;
    }

    LzCodec codec() {
      return packedWith;
    }
  }
}
