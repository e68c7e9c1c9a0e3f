package io.kubeloop.cluster;

import io.kubeloop.apiserver.storage.SqliteStorage;
import io.kubeloop.apiserver.storage.Storage;
import io.kubeloop.apiserver.storage.etcd.EtcdStorage;
import io.kubeloop.apiserver.storage.etcd.StorageCopy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kubeloop storage}: maintenance of the API server's stores. */
@Command(
    name = "storage",
    mixinStandardHelpOptions = true,
    description = "Maintain the API server's storage.",
    subcommands = {StorageCommand.Copy.class})
final class StorageCommand {

  /** {@code kubeloop storage copy --from SPEC --to SPEC}. */
  @Command(
      name = "copy",
      mixinStandardHelpOptions = true,
      description = {
        "Copy every object from one store into an empty one: embedded SQLite to etcd or back"
            + " (backup, restore, move). Stop the API servers first: writes after the copy"
            + " starts are not copied.",
        "Objects get new resourceVersions in the target: clients must relist (informers do so"
            + " by themselves after a 410).",
        "SPEC is sqlite:<data dir or .db file> or etcd:<comma-separated URLs>."
      })
  static final class Copy implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "SPEC", description = "The source.")
    String from;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "SPEC",
        description = "The target; must hold no object yet.")
    String to;

    @Mixin EtcdConnectionFlags etcd = new EtcdConnectionFlags();

    @Override
    public Integer call() {
      try (Storage source = open(from, true);
          Storage target = open(to, false)) {
        StorageCopy.Result result =
            StorageCopy.copy(source, target, "/registry/", StorageCopy.builtinTtls());
        System.out.printf(
            "Copied %d objects (%d bytes) from %s at revision %d to %s, now at revision %d.%n",
            result.keys(),
            result.bytes(),
            from,
            result.sourceRevision(),
            to,
            result.targetRevision());
        System.out.println(
            "Every resourceVersion changed: restart controllers or let their informers relist.");
        return 0;
      }
    }

    private Storage open(String spec, boolean source) {
      int colon = spec.indexOf(':');
      String kind = colon < 0 ? spec : spec.substring(0, colon);
      String where = colon < 0 ? "" : spec.substring(colon + 1);
      CommandLine cmd = new CommandLine(this);
      switch (kind) {
        case "sqlite" -> {
          Path path = Path.of(where).toAbsolutePath();
          Path file = Files.isDirectory(path) ? path.resolve("kubeloop.db") : path;
          if (source && !Files.exists(file)) {
            throw new CommandLine.ParameterException(cmd, "no SQLite store at " + file);
          }
          return SqliteStorage.open(file);
        }
        case "etcd" -> {
          if (where.isBlank()) {
            throw new CommandLine.ParameterException(cmd, "etcd: needs client URLs: " + spec);
          }
          return EtcdStorage.open(etcd.toOptions(where));
        }
        default ->
            throw new CommandLine.ParameterException(
                cmd, "unknown store '" + spec + "': use sqlite:<dir> or etcd:<urls>");
      }
    }
  }
}
