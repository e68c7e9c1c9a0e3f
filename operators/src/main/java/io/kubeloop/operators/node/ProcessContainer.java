package io.kubeloop.operators.node;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container instance that is a local OS process. Its stdout and stderr go to the instance's CRI
 * log file; stdin is closed. A watcher (a virtual thread) waits for the process to exit, then does
 * what a container's end does to the processes it started: kills whatever descendants it left
 * behind (found by polling the process tree while it ran), waits briefly for the output to drain,
 * and reports the exit.
 */
final class ProcessContainer implements ContainerHandle {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessContainer.class);

  /** How often the watcher notes the process's descendants, to kill them when it ends. */
  private static final Duration TREE_POLL = Duration.ofMillis(500);

  /** How long output may take to drain after the process ended before the exit is reported. */
  private static final Duration DRAIN = Duration.ofSeconds(2);

  private final String id;
  private final Launch launch;
  private final Process process;
  private final Map<String, String> environment;
  private final Path workingDir;
  private volatile ContainerSnapshot snapshot;

  /** Written by the watcher only. */
  private List<ProcessHandle> descendants = List.of();

  private ProcessContainer(
      String id,
      Launch launch,
      Process process,
      Map<String, String> environment,
      Path workingDir,
      ContainerSnapshot snapshot) {
    this.id = id;
    this.launch = launch;
    this.process = process;
    this.environment = environment;
    this.workingDir = workingDir;
    this.snapshot = snapshot;
  }

  /** An instance whose process could not be started. */
  static ProcessContainer failed(String id, Launch launch, String message) {
    AgentClock clock = launch.clock();
    return new ProcessContainer(
        id,
        launch,
        null,
        Map.of(),
        Path.of("/"),
        ContainerSnapshot.startError(clock.now(), clock.nanoTime(), message));
  }

  /**
   * Starts the process, its output pumps and its watcher; {@code live} holds the instance from
   * before its watcher starts until it has exited.
   */
  static ProcessContainer start(
      String id,
      Launch launch,
      ProcessBuilder builder,
      Map<String, String> environment,
      Set<ProcessContainer> live)
      throws IOException {
    CriLogWriter log = new CriLogWriter(launch.logFile(), launch.clock());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      log.close();
      throw e;
    }
    process.getOutputStream().close();
    ProcessContainer container =
        new ProcessContainer(
            id,
            launch,
            process,
            environment,
            builder.directory().toPath(),
            ContainerSnapshot.running(launch.clock().now()));
    live.add(container);
    Thread out =
        Thread.ofVirtual()
            .name("container-stdout-" + id.substring(0, 12))
            .start(() -> log.pump(process.getInputStream(), "stdout"));
    Thread err =
        Thread.ofVirtual()
            .name("container-stderr-" + id.substring(0, 12))
            .start(() -> log.pump(process.getErrorStream(), "stderr"));
    Thread.ofVirtual()
        .name("container-watch-" + id.substring(0, 12))
        .start(() -> container.watch(log, List.of(out, err), () -> live.remove(container)));
    return container;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Launch launch() {
    return launch;
  }

  @Override
  public ContainerSnapshot snapshot() {
    return snapshot;
  }

  /** The environment the process was started with. */
  Map<String, String> environment() {
    return environment;
  }

  /** The directory the process was started in. */
  Path workingDir() {
    return workingDir;
  }

  /** SIGTERM to the container's main process, or SIGKILL to it and all its descendants. */
  void stop(boolean force) {
    if (process == null || !process.isAlive()) {
      return;
    }
    if (force) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    } else {
      process.destroy();
    }
  }

  private void watch(CriLogWriter log, List<Thread> pumps, Runnable onExit) {
    try {
      while (!process.waitFor(TREE_POLL.toMillis(), TimeUnit.MILLISECONDS)) {
        descendants = process.descendants().toList();
      }
      // the container's init process is gone: so is everything it started
      for (ProcessHandle orphan : descendants) {
        orphan.destroyForcibly();
      }
      long deadline = System.nanoTime() + DRAIN.toNanos();
      for (Thread pump : pumps) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          pump.join(Duration.ofNanos(left));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } finally {
      closeQuietly(log, pumps);
      AgentClock clock = launch.clock();
      Instant started = snapshot.startedAt();
      int code = process.isAlive() ? 137 : process.exitValue();
      snapshot = ContainerSnapshot.exited(started, clock.now(), clock.nanoTime(), code);
      onExit.run();
      launch.onChange().run();
    }
  }

  private static void closeQuietly(CriLogWriter log, List<Thread> pumps) {
    List<Thread> running = new ArrayList<>();
    for (Thread pump : pumps) {
      if (pump.isAlive()) {
        running.add(pump);
      }
    }
    if (!running.isEmpty()) {
      // something still holds the output open; the pumps close the file's last writes late
      Thread.ofVirtual()
          .start(
              () -> {
                for (Thread pump : running) {
                  try {
                    pump.join();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
                closeLog(log);
              });
      return;
    }
    closeLog(log);
  }

  private static void closeLog(CriLogWriter log) {
    try {
      log.close();
    } catch (IOException e) {
      LOG.debug("closing a container log failed: {}", e.toString());
    }
  }
}
