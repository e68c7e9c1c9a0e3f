package io.kubeloop.workqueue;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Uses every kind of queue; {@link NoMicrometerTest} runs it in a loader without Micrometer. */
public final class NoMicrometerProbe implements Callable<String> {

  @Override
  public String call() throws Exception {
    FakeClock clock = new FakeClock();
    WorkQueue<String> plain = WorkQueue.<String>builder().name("plain").clock(clock).build();
    RateLimitingQueue<String> limited =
        WorkQueue.<String>builder()
            .name("limited")
            .clock(clock)
            .rateLimiter(RateLimiter.defaultControllerRateLimiter(clock))
            .buildRateLimiting();
    try {
      plain.add("a");
      String a = plain.get().orElseThrow();
      plain.done(a);
      limited.add("b");
      String b = limited.get().orElseThrow();
      limited.addAfter("c", Duration.ofSeconds(1));
      limited.addRateLimited("d");
      clock.step(Duration.ofSeconds(1));
      String c = limited.get().orElseThrow();
      String d = limited.get().orElseThrow();
      return String.join(" ", a, b, c, d);
    } finally {
      plain.shutDown();
      limited.shutDown();
    }
  }
}
