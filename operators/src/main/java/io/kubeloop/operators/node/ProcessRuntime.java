package io.kubeloop.operators.node;

import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs each container as a local OS process of the agent's user, with {@link ProcessBuilder}.
 *
 * <p>What a container gets, and what it does not:
 *
 * <ul>
 *   <li>The image is recorded in the status, never pulled or unpacked: the process runs on the
 *       agent's own file system, so the program must exist there.
 *   <li>The program: {@code command + args}, or {@code args} alone when there is no {@code command}
 *       (there is no image entrypoint to prepend them to); neither is a start error. A name with a
 *       slash is a path, relative to the working directory ({@code workingDir}, or {@code /}, as in
 *       a container); one without is looked up in the container's {@code PATH}. {@code $(VAR)}
 *       references in both are expanded.
 *   <li>The environment: the container's {@code env} and {@code envFrom} (with the downward API and
 *       ConfigMap and Secret keys read through the API server), over {@code PATH}, {@code HOSTNAME}
 *       and {@code HOME}; nothing is inherited from the agent.
 *   <li>No isolation: no namespaces, cgroups, resource limits, volumes, users or capabilities. The
 *       pod shares the node's network, so its IP is the node's.
 *   <li>Output: stdout and stderr go to the instance's log file in the CRI format. Stdin is closed.
 *   <li>Stopping: SIGTERM to the process, SIGKILL to it and its descendants after the grace period.
 *       When the main process ends, whatever it left running is killed, as when a container's init
 *       process exits.
 *   <li>Probes: exec probes run their command the same way, in the container's environment and
 *       working directory.
 * </ul>
 *
 * <p>Thread-safe. Closing it kills every process it still runs.
 */
public final class ProcessRuntime extends ContainerRuntime {

  private final Set<ProcessContainer> live = ConcurrentHashMap.newKeySet();

  private ProcessRuntime() {}

  /** A runtime with nothing running yet. */
  public static ProcessRuntime create() {
    return new ProcessRuntime();
  }

  @Override
  ContainerHandle start(Launch launch) throws ContainerConfigException {
    Map<String, String> env = launch.environment().resolve();
    Container container = launch.container();
    String id = newId();
    List<String> command = expandAll(container.getCommand(), env);
    List<String> args = expandAll(container.getArgs(), env);
    String program = !command.isEmpty() ? command.get(0) : args.isEmpty() ? "" : args.get(0);
    try {
      CommandResolver.Resolved resolved =
          CommandResolver.resolve(command, args, container.getWorkingDir(), env);
      ProcessBuilder builder =
          new ProcessBuilder(resolved.argv()).directory(resolved.workingDir().toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      return ProcessContainer.start(id, launch, builder, env, live);
    } catch (ContainerStartException e) {
      return ProcessContainer.failed(id, launch, e.getMessage());
    } catch (IOException e) {
      return ProcessContainer.failed(id, launch, "exec: \"" + program + "\": " + e.getMessage());
    }
  }

  @Override
  void stop(ContainerHandle handle, boolean force) {
    if (handle instanceof ProcessContainer container) {
      container.stop(force);
    }
  }

  @Override
  boolean runsProbes() {
    return true;
  }

  @Override
  boolean exec(ContainerHandle handle, List<String> command, Duration timeout) {
    if (!(handle instanceof ProcessContainer container) || command.isEmpty()) {
      return false;
    }
    Map<String, String> env = container.environment();
    List<String> argv = new ArrayList<>(expandAll(command, env));
    Process process;
    try {
      argv.set(
          0,
          CommandResolver.program(
                  argv.get(0),
                  container.workingDir(),
                  env.getOrDefault("PATH", CommandResolver.DEFAULT_PATH))
              .toString());
      ProcessBuilder builder =
          new ProcessBuilder(argv)
              .directory(container.workingDir().toFile())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD);
      builder.environment().clear();
      builder.environment().putAll(env);
      process = builder.start();
    } catch (ContainerStartException | IOException e) {
      return false;
    }
    try {
      process.getOutputStream().close();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  String version() {
    return "kubeloop-process://0.1.0";
  }

  @Override
  void close() {
    for (ProcessContainer container : List.copyOf(live)) {
      container.stop(true);
    }
  }

  /** How many instances are running now. */
  int running() {
    return live.size();
  }

  private static List<String> expandAll(List<String> values, Map<String, String> env) {
    List<String> out = new ArrayList<>();
    if (values != null) {
      for (String value : values) {
        out.add(EnvResolver.expand(value, env));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "ProcessRuntime[running=" + live.size() + "]";
  }
}
