package io.kubeloop.apiserver.security;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the serving certificate and its key to TLS clients, straight from memory.
 *
 * <p>Why not Vert.x's {@code PemKeyCertOptions}: it loads the PEM into a password-protected PKCS12
 * key store and reads it back, and the JDK protects PKCS12 entries with 10,000 PBKDF2 rounds each
 * way, several times over. At start-up, before the JIT has compiled SHA-256, that alone cost
 * seconds on a loaded machine.
 *
 * <p>Thread-safe (immutable).
 */
final class ServingKeyManager extends X509ExtendedKeyManager {

  static final String ALIAS = "serving";

  private final X509Certificate[] chain;
  private final PrivateKey key;

  ServingKeyManager(IssuedCertificate serving) {
    this.chain = new X509Certificate[] {serving.certificate()};
    this.key = serving.privateKey();
  }

  /** Whether the key suits a key type JSSE asks for, e.g. "EC", or "EC_EC" in TLS 1.2 suites. */
  private boolean suits(String keyType) {
    return keyType != null
        && (keyType.equals(key.getAlgorithm()) || keyType.startsWith(key.getAlgorithm() + "_"));
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return suits(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return suits(keyType) ? ALIAS : null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return suits(keyType) ? ALIAS : null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? key : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null; // a server's key manager: it never authenticates as a client
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return null;
  }
}
