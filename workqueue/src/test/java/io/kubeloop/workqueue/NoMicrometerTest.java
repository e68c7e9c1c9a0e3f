package io.kubeloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Micrometer is optional: the queues must work with it absent from the class path. */
class NoMicrometerTest {

  @Test
  void queuesWorkWithoutMicrometerOnTheClassPath() throws Exception {
    URL mainClasses = WorkQueue.class.getProtectionDomain().getCodeSource().getLocation();
    URL testClasses = NoMicrometerProbe.class.getProtectionDomain().getCodeSource().getLocation();
    // Parent is the platform loader: the JDK only, none of the test class path.
    try (URLClassLoader isolated =
        new URLClassLoader(
            new URL[] {mainClasses, testClasses}, ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(
              () -> Class.forName("io.micrometer.core.instrument.MeterRegistry", false, isolated))
          .isInstanceOf(ClassNotFoundException.class);

      @SuppressWarnings("unchecked")
      Callable<String> probe =
          (Callable<String>)
              Class.forName(NoMicrometerProbe.class.getName(), true, isolated)
                  .getDeclaredConstructor()
                  .newInstance();

      assertThat(probe.call()).isEqualTo("a b d c"); // d waits 5 ms, c 1 s
    }
  }
}
