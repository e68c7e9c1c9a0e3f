package io.kubeloop.apiserver.security;

import io.kubeloop.apiserver.errors.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer <token>} against a fixed set of tokens (a static token
 * file). The header is read as kube-apiserver reads it: trimmed, split on single spaces, the scheme
 * compared case-insensitively; a missing header, another scheme or an empty token is no credential
 * at all, an unknown token is 401.
 *
 * <p>The lookup takes the same time whichever token matches and however much of it matches: every
 * stored token's SHA-256 digest is compared, with {@link MessageDigest#isEqual}, against the
 * presented token's digest, without stopping at a match. A static token file holds a handful of
 * tokens, so the scan costs less than the hash and no cache is needed.
 *
 * <p>Thread-safe; immutable.
 */
final class TokenAuthenticator implements Authenticator {

  private record Credential(byte[] digest, UserInfo user) {}

  private final List<Credential> credentials;

  TokenAuthenticator(List<TokenFile.Entry> entries) {
    this.credentials =
        entries.stream().map(e -> new Credential(sha256(e.token()), e.user())).toList();
  }

  @Override
  public Optional<UserInfo> authenticate(
      List<X509Certificate> peerCertificates, String authorization) {
    String token = bearerToken(authorization);
    if (token == null) {
      return Optional.empty();
    }
    byte[] presented = sha256(token);
    UserInfo match = null;
    for (Credential credential : credentials) {
      boolean equal = MessageDigest.isEqual(credential.digest(), presented);
      if (equal && match == null) {
        match = credential.user();
      }
    }
    if (match == null) {
      throw ApiException.unauthorized("Unauthorized");
    }
    return Optional.of(match);
  }

  /** The token of a {@code Bearer} header, or {@code null} when the header carries none. */
  static String bearerToken(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.strip();
    if (value.isEmpty()) {
      return null;
    }
    String[] parts = value.split(" ", -1);
    if (parts.length < 2 || !parts[0].equalsIgnoreCase("bearer") || parts[1].isEmpty()) {
      return null;
    }
    return parts[1];
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
