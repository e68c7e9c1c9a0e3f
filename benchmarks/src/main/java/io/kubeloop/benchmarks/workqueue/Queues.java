package io.kubeloop.benchmarks.workqueue;

import io.kubeloop.workqueue.RateLimitingQueue;
import io.kubeloop.workqueue.WorkQueue;
import io.kubernetes.client.extended.workqueue.DefaultRateLimitingQueue;
import io.kubernetes.client.extended.workqueue.ratelimiter.DefaultControllerRateLimiter;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The queues compared, by the names used as the {@code queue} parameter of the benchmarks. */
final class Queues {

  static final String KUBELOOP = "kubeloop";
  static final String PEER = "k8s-client-java";
  static final String LINKED_BLOCKING_QUEUE = "LinkedBlockingQueue";
  static final String DELAY_QUEUE = "DelayQueue";

  private Queues() {}

  static QueueUnderTest create(String name) {
    return switch (name) {
      case KUBELOOP -> new Kubeloop();
      case PEER -> new Peer();
      case LINKED_BLOCKING_QUEUE -> new Jdk(new LinkedBlockingQueue<>());
      case DELAY_QUEUE -> new JdkDelay();
      default -> throw new IllegalArgumentException("unknown queue: " + name);
    };
  }

  /** kubeloop's rate-limiting queue with the default controller rate limiter. */
  private static final class Kubeloop implements QueueUnderTest {
    private final RateLimitingQueue<Integer> queue =
        WorkQueue.<Integer>builder().name("benchmark").buildRateLimiting();

    @Override
    public void add(Integer key) {
      queue.add(key);
    }

    @Override
    public void addAfter(Integer key, Duration delay) {
      queue.addAfter(key, delay);
    }

    @Override
    public Integer getAndDone() throws InterruptedException {
      Integer item = queue.get().orElseThrow();
      queue.done(item);
      return item;
    }

    @Override
    public void shutDown() {
      queue.shutDown();
    }
  }

  /**
   * kubernetes-client/java's {@code DefaultRateLimitingQueue} with its default controller rate
   * limiter, its waiting loop on a daemon thread we can stop.
   */
  private static final class Peer implements QueueUnderTest {
    private final ExecutorService loop =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "k8s-client-java-waiting-loop");
              t.setDaemon(true);
              return t;
            });
    private final ThrottledPeerQueue<Integer> queue =
        new ThrottledPeerQueue<>(loop, new DefaultControllerRateLimiter<>());

    @Override
    public void add(Integer key) {
      queue.add(key);
    }

    @Override
    public void addAfter(Integer key, Duration delay) {
      queue.addAfter(key, delay);
    }

    @Override
    public Integer getAndDone() throws InterruptedException {
      Integer item = queue.get();
      queue.done(item);
      return item;
    }

    @Override
    public void shutDown() {
      queue.shutDown();
      loop.shutdownNow(); // its loop otherwise sleeps up to 10 s before seeing the shutdown
    }
  }

  /**
   * The peer, made to keep every delayed item: its {@code addAfter} hands items to its waiting loop
   * through a 1000-slot queue with {@code offer}, silently dropping items when the loop falls
   * behind. A single producer waits here for a free slot, so nothing is dropped and the time
   * measured includes the loop's pace.
   */
  private static final class ThrottledPeerQueue<T> extends DefaultRateLimitingQueue<T> {
    ThrottledPeerQueue(
        ExecutorService loop,
        io.kubernetes.client.extended.workqueue.ratelimiter.RateLimiter<T> limiter) {
      super(loop, limiter);
    }

    @Override
    public void addAfter(T item, Duration duration) {
      while (waitingForAddQueue.remainingCapacity() == 0) {
        Thread.onSpinWait();
      }
      super.addAfter(item, duration);
    }
  }

  /** The practical limit of add+get+done: a JDK blocking queue, with no dedup and no done. */
  private static final class Jdk implements QueueUnderTest {
    private final BlockingQueue<Integer> queue;

    Jdk(BlockingQueue<Integer> queue) {
      this.queue = queue;
    }

    @Override
    public void add(Integer key) {
      queue.add(key);
    }

    @Override
    public void addAfter(Integer key, Duration delay) {
      throw new UnsupportedOperationException("use DelayQueue");
    }

    @Override
    public Integer getAndDone() throws InterruptedException {
      return queue.take();
    }

    @Override
    public void shutDown() {}
  }

  /** The practical limit of delayed scheduling: the JDK's DelayQueue, with no dedup. */
  private static final class JdkDelay implements QueueUnderTest {
    private record Entry(Integer key, long readyAt) implements Delayed {
      @Override
      public long getDelay(TimeUnit unit) {
        return unit.convert(readyAt - System.nanoTime(), TimeUnit.NANOSECONDS);
      }

      @Override
      public int compareTo(Delayed o) {
        return Long.compare(readyAt - ((Entry) o).readyAt, 0);
      }
    }

    private final DelayQueue<Entry> queue = new DelayQueue<>();

    @Override
    public void add(Integer key) {
      queue.add(new Entry(key, System.nanoTime()));
    }

    @Override
    public void addAfter(Integer key, Duration delay) {
      queue.add(new Entry(key, System.nanoTime() + delay.toNanos()));
    }

    @Override
    public Integer getAndDone() throws InterruptedException {
      return queue.take().key();
    }

    @Override
    public void shutDown() {}
  }
}
