package io.kubeloop.operators.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removing log directories. */
final class Directories {

  private static final Logger LOG = LoggerFactory.getLogger(Directories.class);

  private Directories() {}

  /** Deletes {@code dir} and everything in it; what cannot be deleted is left and logged. */
  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("cannot remove {}: {}", dir, e.toString());
    }
  }
}
