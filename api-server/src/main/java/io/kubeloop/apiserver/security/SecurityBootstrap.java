package io.kubeloop.apiserver.security;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the API server needs to be secure by default, prepared from a data directory at start:
 * TLS options for the Vert.x server, the authenticator (client certificates signed by the cluster
 * CA, bearer tokens from the token file), the authorizer, the cluster CA for issuing further client
 * certificates, and a kubeconfig for the admin.
 *
 * <p>Files, under {@code <data-dir>/pki/} unless noted (see {@code api-server/docs/security.md}):
 * {@code ca.crt}, {@code ca.key}, {@code apiserver.crt}, {@code apiserver.key}, {@code admin.crt},
 * {@code admin.key}, {@code tokens.csv}, and {@code <data-dir>/kubeconfig}. The first start creates
 * them; later starts reuse them, issuing the serving certificate again when its names change or it
 * nears expiry.
 *
 * <pre>{@code
 * SecurityBootstrap security = SecurityBootstrap.prepare(dataDir, List.of(), 6443);
 * HttpServer server = vertx.createHttpServer(security.configure(new HttpServerOptions().setPort(6443)));
 * // per request:
 * Optional<UserInfo> user = security.authenticator().authenticate(request); // 401 when empty or thrown
 * Decision decision = security.authorizer().authorize(attributes);          // 403 unless allowed
 * }</pre>
 *
 * <p>{@code prepare} does blocking file I/O: call it before the server starts, not on an event
 * loop. It holds a lock on the PKI directory meanwhile, so two processes starting on one data
 * directory do not both create a CA. The instance is immutable apart from the kubeconfig file, and
 * thread-safe.
 */
public final class SecurityBootstrap {

  private static final Logger log = LoggerFactory.getLogger(SecurityBootstrap.class);

  static final String PKI_DIRECTORY = "pki";
  static final String TOKEN_FILE = "tokens.csv";
  static final String KUBECONFIG = "kubeconfig";

  /** The user the generated admin bearer token stands for. */
  static final String ADMIN_TOKEN_USER = "kubeloop-admin";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pki.Material material;
  private final Authenticator authenticator;
  private final Authorizer authorizer;
  private final Path kubeconfig;
  private final Optional<String> adminToken;

  private SecurityBootstrap(
      Pki.Material material,
      Authenticator authenticator,
      Path kubeconfig,
      Optional<String> adminToken) {
    this.material = material;
    this.authenticator = authenticator;
    this.authorizer = Authorizer.alwaysAllowAuthenticated();
    this.kubeconfig = kubeconfig;
    this.adminToken = adminToken;
  }

  /**
   * Creates or reuses the security files in {@code dataDir} and, when {@code port} is not 0, writes
   * the kubeconfig for {@code https://127.0.0.1:<port>}. With port 0 (the server binds a free port)
   * call {@link #writeKubeconfig(int)} once the port is known.
   *
   * @param extraSans further DNS names or IP addresses the serving certificate must be valid for,
   *     beyond localhost, 127.0.0.1, ::1, the kubernetes service names and the host name
   * @throws IllegalArgumentException for a malformed SAN, port or token file
   * @throws IllegalStateException when the CA files exist but cannot be used
   * @throws UncheckedIOException when the files cannot be read or written
   */
  public static SecurityBootstrap prepare(Path dataDir, List<String> extraSans, int port) {
    return prepare(dataDir, extraSans, port, Clock.systemUTC());
  }

  /** {@link #prepare(Path, List, int)} with the clock that dates and checks certificates. */
  public static SecurityBootstrap prepare(
      Path dataDir, List<String> extraSans, int port, Clock clock) {
    return prepare(dataDir, extraSans, port, clock, SubjectAltNames.localHostName());
  }

  static SecurityBootstrap prepare(
      Path dataDir, List<String> extraSans, int port, Clock clock, String hostName) {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clock, "clock");
    checkPort(port, 0);
    Set<String> servingNames = SubjectAltNames.forServing(hostName, extraSans);
    Path pki = dataDir.resolve(PKI_DIRECTORY);
    try {
      SecureFiles.createPrivateDirectory(pki);
      Pki.Material material;
      List<TokenFile.Entry> tokens;
      try (FileChannel lockFile =
          FileChannel.open(
              pki.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = lockFile.lock();
        try {
          material = Pki.ensure(pki, servingNames, clock);
          tokens = loadOrCreateTokens(pki.resolve(TOKEN_FILE));
        } finally {
          lock.release();
        }
      }
      Authenticator authenticator =
          new AuthenticatedGroupAdder(
              new UnionAuthenticator(
                  List.of(
                      new X509Authenticator(material.ca().certificate(), clock),
                      new TokenAuthenticator(tokens))));
      Optional<String> adminToken =
          tokens.stream()
              .filter(entry -> entry.user().name().equals(ADMIN_TOKEN_USER))
              .map(TokenFile.Entry::token)
              .findFirst();
      SecurityBootstrap security =
          new SecurityBootstrap(material, authenticator, dataDir.resolve(KUBECONFIG), adminToken);
      if (port != 0) {
        security.writeKubeconfig(port);
      }
      return security;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the security files in " + pki, e);
    }
  }

  /**
   * Configures {@code options} for HTTPS as kube-apiserver serves it: the serving certificate, TLS
   * 1.2 and 1.3, ALPN offering h2 before http/1.1, and client certificates requested (naming the
   * cluster CA) but optional, so bearer tokens work without one.
   *
   * <p>As in Kubernetes, the handshake does not reject a client certificate the CA did not sign;
   * {@link #authenticator()} does, per request, with 401. Peer certificates of a connection are
   * therefore unverified until the authenticator has accepted them.
   *
   * @return {@code options}
   */
  public HttpServerOptions configure(HttpServerOptions options) {
    return options
        .setSsl(true)
        .setKeyCertOptions(KeyCertOptions.wrap(new ServingKeyManager(material.serving())))
        .setTrustOptions(TrustOptions.wrap(new ClientCertificateTrust(material.ca().certificate())))
        .setClientAuth(ClientAuth.REQUEST)
        .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
        .setUseAlpn(true)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
  }

  /** Client certificates signed by the cluster CA, then bearer tokens from the token file. */
  public Authenticator authenticator() {
    return authenticator;
  }

  /** For now {@link Authorizer#alwaysAllowAuthenticated()}. */
  public Authorizer authorizer() {
    return authorizer;
  }

  /** The cluster CA, to issue client certificates for other components. */
  public CertificateAuthority certificateAuthority() {
    return material.ca();
  }

  /** Where the admin kubeconfig is (or will be, before {@link #writeKubeconfig(int)}). */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /**
   * The bearer token of {@value #ADMIN_TOKEN_USER} (group {@code system:masters}) from the token
   * file; empty if someone removed its line.
   */
  public Optional<String> adminToken() {
    return adminToken;
  }

  /**
   * Writes the admin kubeconfig for {@code https://127.0.0.1:<port>} (mode 0600), replacing the
   * file atomically.
   *
   * @return the kubeconfig's path
   */
  public Path writeKubeconfig(int port) {
    checkPort(port, 1);
    try {
      Kubeconfig.write(
          kubeconfig,
          "https://127.0.0.1:" + port,
          material.ca().certificatePem(),
          material.admin());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + kubeconfig, e);
    }
    return kubeconfig;
  }

  /** The first start writes the admin's token; later starts read the file as the admin left it. */
  private static List<TokenFile.Entry> loadOrCreateTokens(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] secret = new byte[32];
      RANDOM.nextBytes(secret);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
      UserInfo admin =
          new UserInfo(
              ADMIN_TOKEN_USER, ADMIN_TOKEN_USER, List.of(UserInfo.MASTERS_GROUP), Map.of());
      String content = TokenFile.format(List.of(new TokenFile.Entry(token, admin)));
      SecureFiles.write(file, content.getBytes(StandardCharsets.UTF_8), true);
      log.info("Wrote an admin bearer token to {}", file);
    } else {
      SecureFiles.restrict(file);
    }
    return TokenFile.read(file);
  }

  private static void checkPort(int port, int lowest) {
    if (port < lowest || port > 65535) {
      throw new IllegalArgumentException(
          String.format("port must be between %d and 65535, was %d", lowest, port));
    }
  }

  /** The serving certificate and key (tests). */
  IssuedCertificate servingCertificate() {
    return material.serving();
  }
}
