package io.kubeloop.operators.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a container's {@code command}, {@code args}, {@code workingDir} and {@code PATH} into the
 * argument vector of a process, as a container runtime does with an image that has no entrypoint
 * and no default command:
 *
 * <ul>
 *   <li>the vector is {@code command + args}; with no {@code command} it is {@code args} alone
 *       (they would be appended to the image's entrypoint, and there is none); with neither there
 *       is nothing to run;
 *   <li>the working directory is {@code workingDir}, or {@code /};
 *   <li>a program name with a slash is a path, relative ones resolved against the working directory
 *       (so {@code bin/bash} in {@code /} is {@code /bin/bash}); one without a slash is looked up
 *       in the container's {@code PATH}, or the runtimes' default {@value #DEFAULT_PATH}.
 * </ul>
 *
 * <p>Stateless; reads the file system.
 */
final class CommandResolver {

  /** The PATH container runtimes give a container whose image sets none. */
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** What to run: the program's resolved path first, then its arguments. */
  record Resolved(List<String> argv, Path workingDir) {}

  private CommandResolver() {}

  static Resolved resolve(
      List<String> command, List<String> args, String workingDir, Map<String, String> env)
      throws ContainerStartException {
    List<String> argv = new ArrayList<>();
    if (command != null) {
      argv.addAll(command);
    }
    if (args != null) {
      argv.addAll(args);
    }
    if (argv.isEmpty()) {
      throw new ContainerStartException(
          "no command specified: kubeloop runs no image entrypoints, so a container needs a"
              + " command or args");
    }
    Path cwd = Path.of(workingDir == null || workingDir.isEmpty() ? "/" : workingDir);
    if (!cwd.isAbsolute()) {
      throw new ContainerStartException(
          "working directory \"" + workingDir + "\" must be an absolute path");
    }
    if (!Files.isDirectory(cwd)) {
      throw new ContainerStartException(
          "chdir to cwd (\"" + cwd + "\") set in config.json failed: no such file or directory");
    }
    String program = argv.get(0);
    argv.set(0, program(program, cwd, env.getOrDefault("PATH", DEFAULT_PATH)).toString());
    return new Resolved(List.copyOf(argv), cwd);
  }

  /** Where {@code program} is, as exec(3) with the container's PATH would find it. */
  static Path program(String program, Path cwd, String path) throws ContainerStartException {
    if (program.isEmpty()) {
      throw new ContainerStartException("exec: \"\": executable file not found in $PATH");
    }
    if (program.contains("/")) {
      Path file = cwd.resolve(program).normalize();
      if (!Files.exists(file)) {
        throw new ContainerStartException(
            "exec: \"" + program + "\": stat " + program + ": no such file or directory");
      }
      if (Files.isDirectory(file) || !Files.isExecutable(file)) {
        throw new ContainerStartException("exec: \"" + program + "\": permission denied");
      }
      return file;
    }
    for (String dir : path.split(":", -1)) {
      // an empty PATH entry means the current directory, as in exec(3)
      Path file = cwd.resolve(dir.isEmpty() ? "." : dir).resolve(program).normalize();
      if (Files.isRegularFile(file) && Files.isExecutable(file)) {
        return file;
      }
    }
    throw new ContainerStartException(
        "exec: \"" + program + "\": executable file not found in $PATH");
  }
}
