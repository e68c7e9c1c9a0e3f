package io.kubeloop.apiserver.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one kubectl binary against one kubeconfig, with a discovery cache of its own, and captures
 * what it prints. Every run is bounded by kubectl's own request timeout and a process deadline.
 */
final class KubectlRunner {

  /** How a run ended: exit code, standard output and standard error. */
  record Result(int exitCode, String out, String err) {
    /** For assertion messages. */
    String describe() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private final Path binary;
  private final Path kubeconfig;
  private final Path work;

  KubectlRunner(Path binary, Path kubeconfig, Path work) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.work = work;
  }

  /** Runs {@code kubectl <args>} with nothing on standard input. */
  Result run(String... args) {
    return runWithInput(null, args);
  }

  /** Runs {@code kubectl <args>} with {@code stdin} (may be null) on standard input. */
  Result runWithInput(String stdin, String... args) {
    try {
      Path out = Files.createTempFile(work, "out", ".txt");
      Path err = Files.createTempFile(work, "err", ".txt");
      ProcessBuilder builder =
          builder(args).redirectOutput(out.toFile()).redirectError(err.toFile());
      if (stdin == null) {
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      }
      Process process = builder.start();
      if (stdin != null) {
        try (var in = process.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish");
      }
      return new Result(
          process.exitValue(), Files.readString(out).strip(), Files.readString(err).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts a long-running {@code kubectl <args>} whose standard output goes to {@code out}. */
  Process start(Path out, String... args) {
    try {
      return builder(args)
          .redirectOutput(out.toFile())
          .redirectErrorStream(false)
          .redirectError(work.resolve("started-err.txt").toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ProcessBuilder builder(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--cache-dir=" + work.resolve("cache"));
    command.add("--request-timeout=20s");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    builder.environment().remove("KUBECONFIG");
    builder.environment().put("HOME", work.toString());
    return builder;
  }
}
