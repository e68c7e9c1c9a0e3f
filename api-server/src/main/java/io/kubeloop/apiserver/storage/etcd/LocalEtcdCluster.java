package io.kubeloop.apiserver.storage.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * etcd members run as child processes on free loopback ports, for tests, benchmarks and local
 * experiments: {@code start(binary, 3, dir)} is a 3-member cluster whose data lives under {@code
 * dir}. Members can be killed (SIGKILL) and restarted on the same ports and data.
 *
 * <p>Not thread-safe; one test or benchmark drives it.
 */
public final class LocalEtcdCluster implements AutoCloseable {

  /** Where {@code tools/install-etcd.sh} unpacks Debian's etcd-server, below the repository. */
  public static final String TOOLS_BINARY = ".tools/etcd/usr/bin/etcd";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  /**
   * TLS files: the CA that signed both sides, the members' serving certificate and key, and a
   * client certificate and key (the readiness check connects with it).
   */
  public record Tls(
      Path caFile, Path certFile, Path keyFile, Path clientCertFile, Path clientKeyFile) {}

  private record Member(String name, int clientPort, int peerPort, Path dataDir) {}

  private final Path binary;
  private final Path dir;
  private final Tls tls;
  private final List<Member> members;
  private final Process[] processes;

  private LocalEtcdCluster(Path binary, Path dir, Tls tls, List<Member> members) {
    this.binary = binary;
    this.dir = dir;
    this.tls = tls;
    this.members = members;
    this.processes = new Process[members.size()];
  }

  /**
   * The etcd binary: the system property {@code kubeloop.etcd} if set, else {@value #TOOLS_BINARY}
   * in the working directory or one of its parents (the repository root), else {@code etcd} on the
   * PATH; empty if none is there.
   */
  public static Optional<Path> findBinary() {
    String property = System.getProperty("kubeloop.etcd", "");
    if (!property.isBlank()) {
      Path p = Path.of(property);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve(TOOLS_BINARY);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "etcd"))) {
        return Optional.of(Path.of(entry, "etcd"));
      }
    }
    return Optional.empty();
  }

  /** Starts {@code size} plain-HTTP members and returns once each of them serves reads. */
  public static LocalEtcdCluster start(Path binary, int size, Path dir) {
    return start(binary, size, dir, null);
  }

  /**
   * Starts {@code size} members; with {@code tls}, clients must connect over HTTPS with a
   * certificate signed by {@code tls.caFile()}.
   */
  public static LocalEtcdCluster start(Path binary, int size, Path dir, Tls tls) {
    if (size < 1) {
      throw new IllegalArgumentException(String.format("size must be positive, got %d", size));
    }
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      members.add(new Member("m" + i, freePort(), freePort(), dir.resolve("m" + i)));
    }
    LocalEtcdCluster cluster = new LocalEtcdCluster(binary, dir, tls, members);
    try {
      for (int i = 0; i < size; i++) {
        cluster.launch(i);
      }
      for (int i = 0; i < size; i++) {
        cluster.awaitReady(i);
      }
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** Number of members. */
  public int size() {
    return members.size();
  }

  /** The members' client URLs. */
  public List<URI> clientUrls() {
    return members.stream().map(this::clientUrl).toList();
  }

  /** The client URLs comma-separated, as {@code --etcd-servers} takes them. */
  public String servers() {
    return String.join(",", clientUrls().stream().map(URI::toString).toList());
  }

  /** Options for a store on this cluster: every member, and the client files under TLS. */
  public EtcdOptions options(Path clientCert, Path clientKey) {
    EtcdOptions options = EtcdOptions.of(servers());
    return tls == null ? options : options.withTls(tls.caFile(), clientCert, clientKey);
  }

  /** Plain options for a store on this cluster. */
  public EtcdOptions options() {
    return options(null, null);
  }

  /** Kills member {@code i} with SIGKILL and waits until it is gone. */
  public void kill(int i) {
    Process p = processes[i];
    if (p != null) {
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      processes[i] = null;
    }
  }

  /** Starts a killed member again on its ports and data; returns once it serves reads. */
  public void restart(int i) {
    if (processes[i] != null) {
      throw new IllegalStateException("member " + i + " is running");
    }
    launch(i);
    awaitReady(i);
  }

  /** Starts every killed member again; returns once all of them serve reads. */
  public void restartAll() {
    for (int i = 0; i < processes.length; i++) {
      if (processes[i] == null) {
        launch(i);
      }
    }
    for (int i = 0; i < processes.length; i++) {
      awaitReady(i);
    }
  }

  public boolean isRunning(int i) {
    return processes[i] != null && processes[i].isAlive();
  }

  /** Kills every member; data directories stay (the caller's temp dir removes them). */
  @Override
  public void close() {
    for (int i = 0; i < processes.length; i++) {
      kill(i);
    }
  }

  private URI clientUrl(Member m) {
    return URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + m.clientPort());
  }

  private String peerUrl(Member m) {
    return "http://127.0.0.1:" + m.peerPort();
  }

  private void launch(int i) {
    Member m = members.get(i);
    StringBuilder initial = new StringBuilder();
    for (Member other : members) {
      initial.append(initial.isEmpty() ? "" : ",").append(other.name()).append('=');
      initial.append(peerUrl(other));
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "--name=" + m.name(),
                "--data-dir=" + m.dataDir(),
                "--listen-client-urls=" + clientUrl(m),
                "--advertise-client-urls=" + clientUrl(m),
                "--listen-peer-urls=" + peerUrl(m),
                "--initial-advertise-peer-urls=" + peerUrl(m),
                "--initial-cluster=" + initial,
                "--initial-cluster-state=new",
                "--initial-cluster-token=kubeloop-" + dir.getFileName(),
                // quick failover on loopback, yet tolerant of a busy machine
                "--heartbeat-interval=50",
                "--election-timeout=500",
                "--logger=zap",
                "--log-level=warn"));
    if (tls != null) {
      command.add("--cert-file=" + tls.certFile());
      command.add("--key-file=" + tls.keyFile());
      command.add("--trusted-ca-file=" + tls.caFile());
      command.add("--client-cert-auth=true");
    }
    try {
      Files.createDirectories(dir);
      Path log = dir.resolve(m.name() + ".log");
      processes[i] =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
  }

  /**
   * Waits until member {@code i} alone answers a linearizable read (so the cluster has a leader).
   */
  private void awaitReady(int i) {
    EtcdOptions one =
        new EtcdOptions(
            List.of(clientUrl(members.get(i))),
            "",
            tls == null ? null : tls.caFile(),
            tls == null ? null : tls.clientCertFile(),
            tls == null ? null : tls.clientKeyFile(),
            Duration.ofSeconds(2),
            1);
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    RuntimeException last = null;
    try (Client client = EtcdClients.connect(one)) {
      EtcdCalls calls = new EtcdCalls(Duration.ofSeconds(2));
      while (System.nanoTime() < deadline) {
        if (processes[i] == null || !processes[i].isAlive()) {
          throw new IllegalStateException(
              "etcd member " + i + " exited; see " + dir.resolve(members.get(i).name() + ".log"));
        }
        try {
          calls.await(client.getKVClient().get(ByteSequence.from(new byte[] {0})), "ready check");
          return;
        } catch (RuntimeException e) {
          last = e;
          try {
            Thread.sleep(50); // polling a child process that has no readiness signal
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for etcd", ie);
          }
        }
      }
    }
    throw new IllegalStateException(
        "etcd member " + i + " did not become ready in " + READY_TIMEOUT.toSeconds() + " s", last);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
