package io.kubeloop.informers;

import io.fabric8.kubernetes.client.http.AsyncBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands a streaming response body from the HTTP client's threads to the reflector thread, with flow
 * control: the client is asked for more data only while fewer than {@link #HIGH_WATER} chunks wait,
 * so a slow reflector slows the connection instead of filling the heap.
 *
 * <p>Thread-safe: {@link #consume} and {@link #end} come from the HTTP client, {@link #nextChunk}
 * from the reflector.
 */
final class ChunkPipe implements WatchConnection, AsyncBody.Consumer<List<ByteBuffer>> {

  static final int HIGH_WATER = 64;
  static final int LOW_WATER = 16;

  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  // guarded by lock
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private boolean ended;
  private Throwable failure;
  private boolean demandPending;
  private AsyncBody body;
  private long bytes;

  ChunkPipe(Clock clock) {
    this.clock = clock;
  }

  /** Sets the body to request data from. */
  void attach(AsyncBody body) {
    lock.lock();
    try {
      this.body = body;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void consume(List<ByteBuffer> buffers, AsyncBody source) {
    int size = 0;
    for (ByteBuffer b : buffers) {
      size += b.remaining();
    }
    byte[] chunk = new byte[size];
    int at = 0;
    for (ByteBuffer b : buffers) {
      int n = b.remaining();
      b.get(chunk, at, n);
      at += n;
    }
    boolean more;
    lock.lock();
    try {
      body = source;
      if (ended) {
        return;
      }
      bytes += size;
      chunks.addLast(chunk);
      more = chunks.size() < HIGH_WATER;
      demandPending = !more;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (more) {
      source.consume();
    }
  }

  /** The response ended, normally ({@code error} null) or not. */
  void end(Throwable error) {
    lock.lock();
    try {
      if (!ended) {
        ended = true;
        failure = error;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  long bytesReceived() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public byte[] nextChunk(long deadlineNanos) throws IOException, InterruptedException {
    AsyncBody toResume = null;
    byte[] chunk;
    lock.lock();
    try {
      while (chunks.isEmpty() && !ended) {
        if (clock.nanoTime() - deadlineNanos >= 0) {
          throw new WatchTimeoutException("no data from the watch before its deadline");
        }
        clock.awaitUntil(lock, changed, deadlineNanos);
      }
      chunk = chunks.pollFirst();
      if (chunk == null) {
        if (failure != null) {
          throw failure instanceof IOException io ? io : new IOException(failure);
        }
        return null;
      }
      if (demandPending && chunks.size() <= LOW_WATER) {
        demandPending = false;
        toResume = body;
      }
    } finally {
      lock.unlock();
    }
    if (toResume != null) {
      toResume.consume();
    }
    return chunk;
  }

  @Override
  public void close() {
    AsyncBody b;
    lock.lock();
    try {
      if (!ended) {
        ended = true;
        failure = new IOException("watch closed by the client");
      }
      chunks.clear();
      b = body;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (b != null) {
      b.cancel();
    }
  }
}
