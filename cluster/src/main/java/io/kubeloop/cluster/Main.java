package io.kubeloop.cluster;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code kubeloop} command. */
@Command(
    name = "kubeloop",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "A Kubernetes-compatible API server and controller runtime for Java operators.",
    subcommands = {
      UpCommand.class,
      ApiServerCommand.class,
      StorageCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"kubeloop " + (version == null ? "development build" : version)};
    }
  }
}
