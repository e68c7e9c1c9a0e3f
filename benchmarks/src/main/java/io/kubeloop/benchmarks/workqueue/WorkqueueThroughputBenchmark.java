package io.kubeloop.benchmarks.workqueue;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * add + get + done throughput of one shared queue with 1, 2 and 8 threads.
 *
 * <p>Every thread runs the same loop: add the next key of its own key space, get an item (its own
 * or another thread's) and mark it done. All three queues do identical work; an operation is one
 * add + get + done (add + take for {@code LinkedBlockingQueue}, which has no dedup and no done).
 * Each thread has at most one item in flight, so no get waits for long and no thread can be left
 * blocked at the end of an iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WorkqueueThroughputBenchmark {

  @Param({Queues.KUBELOOP, Queues.PEER, Queues.LINKED_BLOCKING_QUEUE})
  public String queue;

  private QueueUnderTest q;

  @Setup(Level.Trial)
  public void setUp() {
    q = Queues.create(queue);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    q.shutDown();
  }

  /**
   * A thread's own key space: thread i of n adds i, i + n, i + 2n, ... Keys are never reused, so no
   * add can collapse with an item still in flight (a worker descheduled between get and done could
   * otherwise leave a re-added key deduplicated, and the queue one item short of its waiting
   * threads). Boxing a new key per operation costs the same for every queue.
   */
  @State(Scope.Thread)
  public static class Keys {
    private int next;
    private int step;

    @Setup(Level.Trial)
    public void setUp(ThreadParams thread) {
      next = thread.getThreadIndex();
      step = thread.getThreadCount();
    }

    Integer next() {
      Integer key = next;
      next += step; // wraps only after 2^31 operations, far beyond a run
      return key;
    }
  }

  private Integer addGetDone(Keys keys) throws InterruptedException {
    q.add(keys.next());
    return q.getAndDone();
  }

  @Benchmark
  @Threads(1)
  public Integer threads1(Keys keys) throws InterruptedException {
    return addGetDone(keys);
  }

  @Benchmark
  @Threads(2)
  public Integer threads2(Keys keys) throws InterruptedException {
    return addGetDone(keys);
  }

  @Benchmark
  @Threads(8)
  public Integer threads8(Keys keys) throws InterruptedException {
    return addGetDone(keys);
  }
}
