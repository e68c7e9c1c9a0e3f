package io.kubeloop.benchmarks.workqueue;

import java.time.Duration;
import java.util.Random;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Delayed-item scheduling: add 100k distinct items with delays spread evenly over 0 to {@code
 * spreadMillis} ms, in random order, then get and done all of them. The score is the time from the
 * first add to the last item handed out; it cannot be below the spread, so what matters is how far
 * above it a queue ends.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 10)
@Fork(1)
public class WorkqueueDelayedBenchmark {

  private static final int ITEMS = 100_000;

  @Param({Queues.KUBELOOP, Queues.PEER, Queues.DELAY_QUEUE})
  public String queue;

  @Param({"100"})
  public int spreadMillis;

  private final Integer[] keys = new Integer[ITEMS];
  private final Duration[] delays = new Duration[ITEMS];
  private QueueUnderTest q;

  @Setup(Level.Trial)
  public void prepare() {
    long step = TimeUnit.MILLISECONDS.toNanos(spreadMillis) / ITEMS;
    for (int i = 0; i < ITEMS; i++) {
      keys[i] = i;
      delays[i] = Duration.ofNanos(i * step);
    }
    Random random = new Random(42); // the same shuffled order for every queue
    for (int i = ITEMS - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Duration d = delays[i];
      delays[i] = delays[j];
      delays[j] = d;
    }
  }

  @Setup(Level.Invocation)
  public void setUp() {
    q = Queues.create(queue);
  }

  @TearDown(Level.Invocation)
  public void tearDown() {
    q.shutDown();
  }

  @Benchmark
  public int addAfterThenDrain() throws InterruptedException {
    for (int i = 0; i < ITEMS; i++) {
      q.addAfter(keys[i], delays[i]);
    }
    int sum = 0;
    for (int i = 0; i < ITEMS; i++) {
      sum += q.getAndDone();
    }
    return sum;
  }
}
