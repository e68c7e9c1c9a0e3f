package io.kubeloop.apiserver.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Clients for the TLS tests: the JDK's HttpClient and external programs. Also where the kubectl
 * binaries the tests drive are found ({@link #kubectl(String)}), for tests in other packages.
 */
public final class Clients {

  private Clients() {}

  /** What a program printed (stdout and stderr together) and how it exited. */
  record Result(int exitCode, String output) {}

  /** A JDK client trusting {@code ca}, presenting {@code identity} if not null, preferring h2. */
  static HttpClient java(X509Certificate ca, IssuedCertificate identity) throws Exception {
    char[] password = "changeit".toCharArray();
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (identity != null) {
      keys.setKeyEntry(
          "client", identity.privateKey(), password, new Certificate[] {identity.certificate()});
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return HttpClient.newBuilder()
        .sslContext(context)
        .version(HttpClient.Version.HTTP_2)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** Runs a program to completion; the programs used here time out on their own within 20 s. */
  static Result run(List<String> command) throws Exception {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish");
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8).strip());
  }

  static Optional<String> onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }

  /** {@code -Dkubeloop.kubectl=/path} wins; otherwise the first kubectl on the PATH. */
  static Optional<String> kubectl() {
    String configured = System.getProperty("kubeloop.kubectl");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(configured);
    }
    return onPath("kubectl");
  }

  /**
   * The kubectl of one minor version ({@code "1.35"}, {@code "1.20"}): {@code
   * -Dkubeloop.kubectl.<version>=/path} wins; otherwise {@code .tools/kubectl-<version>/kubectl}
   * under the repository root, where {@code tools/install-kubectl.sh} puts it. Empty when neither
   * names an executable file.
   */
  public static Optional<Path> kubectl(String version) {
    String configured = System.getProperty("kubeloop.kubectl." + version);
    Path candidate =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : repositoryRoot().resolve(".tools").resolve("kubectl-" + version).resolve("kubectl");
    return Files.isExecutable(candidate) ? Optional.of(candidate) : Optional.empty();
  }

  /** Why {@link #kubectl(String)} found nothing, for a test's skip message. */
  public static String kubectlMissing(String version) {
    return "kubectl "
        + version
        + " not found: run tools/install-kubectl.sh (installs into "
        + repositoryRoot().resolve(".tools")
        + ") or set -Dkubeloop.kubectl."
        + version
        + "=/path/to/kubectl";
  }

  /** The nearest directory at or above the working directory that holds {@code mvnw}. */
  static Path repositoryRoot() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    return start;
  }

  static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }
}
