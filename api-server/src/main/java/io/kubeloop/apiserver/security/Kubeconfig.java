package io.kubeloop.apiserver.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kubeconfig file with one cluster, one user and one context, all credentials embedded as base64
 * {@code *-data} fields, so the file works on its own wherever it is copied: kubectl and Fabric8's
 * {@code Config.fromKubeconfig} use it as is.
 */
final class Kubeconfig {

  static final String CLUSTER = "kubeloop";
  static final String USER = "kubeloop-admin";
  static final String CONTEXT = "kubeloop";

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .build();

  private Kubeconfig() {}

  /** The kubeconfig text for {@code server} (an https URL), trusting {@code caPem}. */
  static String render(String server, String caPem, IssuedCertificate user) {
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("certificate-authority-data", base64(caPem));
    cluster.put("server", server);
    Map<String, Object> credentials = new LinkedHashMap<>();
    credentials.put("client-certificate-data", base64(user.certificatePem()));
    credentials.put("client-key-data", base64(user.privateKeyPem()));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("cluster", CLUSTER);
    context.put("user", USER);

    Map<String, Object> config = new LinkedHashMap<>();
    config.put("apiVersion", "v1");
    config.put("kind", "Config");
    config.put("clusters", List.of(named(CLUSTER, "cluster", cluster)));
    config.put("users", List.of(named(USER, "user", credentials)));
    config.put("contexts", List.of(named(CONTEXT, "context", context)));
    config.put("current-context", CONTEXT);
    config.put("preferences", Map.of());
    try {
      return YAML.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a kubeconfig", e);
    }
  }

  /** Writes {@link #render} to {@code file} with mode 0600: it holds a private key. */
  static void write(Path file, String server, String caPem, IssuedCertificate user)
      throws IOException {
    SecureFiles.write(file, render(server, caPem, user).getBytes(StandardCharsets.UTF_8), true);
  }

  /** {@code {name: name, key: value}} in that order, as kubectl writes list entries. */
  private static Map<String, Object> named(String name, String key, Object value) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", name);
    entry.put(key, value);
    return entry;
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
