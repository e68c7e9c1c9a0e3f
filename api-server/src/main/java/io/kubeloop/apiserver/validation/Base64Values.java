package io.kubeloop.apiserver.validation;

import java.util.Base64;

/** Base64 values of {@code Secret.data} and {@code ConfigMap.binaryData}, as kube decodes them. */
final class Base64Values {

  private Base64Values() {}

  /**
   * The decoded size of a standard base64 value.
   *
   * @throws IllegalArgumentException with Go's wording when the value is not base64
   */
  static int decodedLength(String value) {
    return decode(value).length;
  }

  static byte[] decode(String value) {
    if (value == null) {
      return new byte[0];
    }
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "illegal base64 data at input byte " + firstBadByte(value), e);
    }
  }

  static String encode(String text) {
    return Base64.getEncoder()
        .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static int firstBadByte(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/';
      if (!ok && c != '=') {
        return i;
      }
    }
    // padding or length problem: Go reports the position where the input ended early
    return value.length() - value.length() % 4;
  }
}
