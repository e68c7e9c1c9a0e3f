package io.kubeloop.cluster;

import java.util.List;
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

  /**
   * The JDK protects every entry of a PKCS12 key store with 10,000 PBKDF2 rounds. This process
   * keeps its keys in PEM files and builds PKCS12 stores only in memory, where that protection
   * guards nothing: Netty builds a throw-away one when its TLS server code loads, Fabric8 clients
   * one per client. Before the JIT has compiled SHA-256, Netty's store alone took a quarter of the
   * CPU samples of a start in a profile, so one round each, unless the user chose otherwise.
   */
  private static final List<String> PKCS12_ITERATIONS =
      List.of(
          "keystore.pkcs12.certPbeIterationCount",
          "keystore.pkcs12.keyPbeIterationCount",
          "keystore.pkcs12.macIterationCount");

  public static void main(String[] args) {
    for (String property : PKCS12_ITERATIONS) {
      if (System.getProperty(property) == null) {
        System.setProperty(property, "1");
      }
    }
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
