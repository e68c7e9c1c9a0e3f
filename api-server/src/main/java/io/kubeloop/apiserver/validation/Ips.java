package io.kubeloop.apiserver.validation;

import io.kubeloop.apiserver.errors.FieldError;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/** IP address and CIDR checks with kube's messages; never touches DNS. */
final class Ips {

  private Ips() {}

  static List<FieldError> validateIp(FieldPath path, String value) {
    if (parse(value).isPresent()) {
      return List.of();
    }
    return List.of(
        FieldError.invalid(
            path.toString(),
            value,
            "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
  }

  static List<FieldError> validateCidr(FieldPath path, String value) {
    if (parseCidr(value).isPresent()) {
      return List.of();
    }
    return List.of(
        FieldError.invalid(
            path.toString(),
            value,
            "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
  }

  /** The address, if {@code value} is an IPv4 dotted quad or an IPv6 literal. */
  static Optional<InetAddress> parse(String value) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    if (value.indexOf(':') >= 0) {
      // only IPv6 literals: Java does not resolve names that contain ':'
      if (!value.matches("[0-9A-Fa-f:.]+")) {
        return Optional.empty();
      }
      try {
        return Optional.of(InetAddress.getByName(value));
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
    }
    String[] parts = value.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return Optional.empty();
      }
      int octet = Integer.parseInt(p);
      if (octet > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) octet;
    }
    try {
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** The network address of a CIDR, if valid. */
  static Optional<InetAddress> parseCidr(String value) {
    if (value == null) {
      return Optional.empty();
    }
    int slash = value.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    Optional<InetAddress> ip = parse(value.substring(0, slash));
    String bits = value.substring(slash + 1);
    if (ip.isEmpty()
        || bits.isEmpty()
        || bits.length() > 3
        || !bits.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    int max = ip.get() instanceof Inet4Address ? 32 : 128;
    return Integer.parseInt(bits) <= max ? ip : Optional.empty();
  }

  static boolean isIpv4(InetAddress address) {
    return address instanceof Inet4Address;
  }
}
