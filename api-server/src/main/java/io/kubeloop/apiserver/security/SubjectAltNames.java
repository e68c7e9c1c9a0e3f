package io.kubeloop.apiserver.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.util.IPAddress;

/**
 * The names the serving certificate is valid for. Names are kept in a canonical text form, {@code
 * DNS:name} (lower case) or {@code IP:address} (Java's full textual form), so the names a
 * certificate has can be compared with the names it should have.
 */
final class SubjectAltNames {

  /** Names every kube-apiserver certificate carries, so in-cluster clients can verify it. */
  static final List<String> DEFAULTS =
      List.of(
          "localhost",
          "127.0.0.1",
          "::1",
          "kubernetes",
          "kubernetes.default",
          "kubernetes.default.svc",
          "kubernetes.default.svc.cluster.local");

  private static final Pattern DNS_NAME =
      Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

  private SubjectAltNames() {}

  /**
   * The serving certificate's names: the defaults, the host name (if known), then {@code extra}.
   */
  static Set<String> forServing(String hostName, List<String> extra) {
    Set<String> names = new LinkedHashSet<>();
    for (String name : DEFAULTS) {
      names.add(canonical(name));
    }
    if (hostName != null && !hostName.isBlank()) {
      try {
        names.add(canonical(hostName));
      } catch (IllegalArgumentException notADnsName) {
        // a host name such as "my_box" cannot be in a certificate; clients use the defaults
      }
    }
    for (String name : extra) {
      names.add(canonical(name));
    }
    return names;
  }

  /**
   * {@code name} in canonical form: an IP literal becomes {@code IP:...}, anything else must be a
   * DNS name (a leading {@code *.} wildcard allowed).
   *
   * @throws IllegalArgumentException when {@code name} is neither
   */
  static String canonical(String name) {
    String trimmed = name.strip();
    if (IPAddress.isValid(trimmed)) {
      return "IP:" + literal(trimmed).getHostAddress();
    }
    String dns = trimmed.toLowerCase(Locale.ROOT);
    if (!DNS_NAME.matcher(dns).matches()) {
      throw new IllegalArgumentException(
          String.format(
              "subject alternative name '%s' is neither an IP address nor a DNS name", name));
    }
    return "DNS:" + dns;
  }

  /** The canonical names a certificate carries. */
  static Set<String> of(X509Certificate certificate) {
    Collection<List<?>> entries;
    try {
      entries = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return Set.of();
    }
    Set<String> names = new LinkedHashSet<>();
    if (entries == null) {
      return names;
    }
    for (List<?> entry : entries) {
      int type = (Integer) entry.get(0);
      if (type == GeneralName.dNSName) {
        names.add("DNS:" + ((String) entry.get(1)).toLowerCase(Locale.ROOT));
      } else if (type == GeneralName.iPAddress) {
        names.add("IP:" + literal((String) entry.get(1)).getHostAddress());
      }
    }
    return names;
  }

  /** BouncyCastle general names for canonical names. */
  static GeneralName[] toGeneralNames(Set<String> canonicalNames) {
    List<GeneralName> names = new ArrayList<>(canonicalNames.size());
    for (String name : canonicalNames) {
      if (name.startsWith("IP:")) {
        names.add(new GeneralName(GeneralName.iPAddress, name.substring(3)));
      } else {
        names.add(new GeneralName(GeneralName.dNSName, name.substring(4)));
      }
    }
    return names.toArray(GeneralName[]::new);
  }

  /**
   * The machine's host name, read without a DNS lookup where the system allows (a misconfigured
   * resolver must not stall start-up); {@code null} when it cannot be found.
   */
  static String localHostName() {
    Path kernelHostName = Path.of("/proc/sys/kernel/hostname");
    try {
      if (Files.isReadable(kernelHostName)) {
        String name = Files.readString(kernelHostName).strip();
        if (!name.isEmpty()) {
          return name;
        }
      }
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return null;
    }
  }

  /** Parses an IP literal; never resolves a name. */
  private static InetAddress literal(String address) {
    try {
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + address, e);
    }
  }
}
