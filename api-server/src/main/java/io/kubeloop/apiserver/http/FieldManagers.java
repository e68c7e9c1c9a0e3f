package io.kubeloop.apiserver.http;

import io.fabric8.kubernetes.api.model.StatusDetails;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The field manager a write is recorded under, as kube-apiserver picks it: the {@code fieldManager}
 * query parameter, or else the User-Agent up to its first {@code /} ({@code kubectl/v1.32.0
 * (linux/amd64)} → {@code kubectl}, {@code fabric8-kubernetes-client/7.8.0} → {@code
 * fabric8-kubernetes-client}), without unprintable characters and cut at 128 bytes.
 */
final class FieldManagers {

  /** kube's {@code FieldManagerMaxLength}. */
  static final int MAX_LENGTH = 128;

  private FieldManagers() {}

  /** {@code explicit} if given, else the User-Agent's prefix. */
  static String of(String explicit, String userAgent) {
    if (explicit != null && !explicit.isEmpty()) {
      return explicit;
    }
    return fromUserAgent(userAgent);
  }

  /** kube's {@code prefixFromUserAgent}. */
  static String fromUserAgent(String userAgent) {
    if (userAgent == null) {
      return "";
    }
    int slash = userAgent.indexOf('/');
    String prefix = slash < 0 ? userAgent : userAgent.substring(0, slash);
    StringBuilder out = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < prefix.length(); ) {
      int cp = prefix.codePointAt(i);
      i += Character.charCount(cp);
      if (!isPrint(cp)) {
        continue;
      }
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > MAX_LENGTH) {
        break;
      }
      bytes += size;
      out.appendCodePoint(cp);
    }
    return out.toString();
  }

  /**
   * kube's {@code ValidateFieldManager} of an explicit {@code fieldManager} parameter.
   *
   * @param optionsKind {@code CreateOptions}, {@code UpdateOptions} or {@code PatchOptions}
   * @throws ApiException 422 {@code CreateOptions.meta.k8s.io "" is invalid: fieldManager: ...}
   */
  static void validate(String fieldManager, String optionsKind) {
    if (fieldManager == null || fieldManager.isEmpty()) {
      return;
    }
    List<FieldError> errors = new ArrayList<>();
    if (fieldManager.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
      errors.add(FieldError.tooLong("fieldManager", fieldManager, MAX_LENGTH));
    }
    int position = 0;
    for (int i = 0; i < fieldManager.length(); ) {
      int cp = fieldManager.codePointAt(i);
      i += Character.charCount(cp);
      if (!isPrint(cp)) {
        errors.add(
            FieldError.invalid(
                "fieldManager",
                fieldManager,
                String.format("invalid character U+%04X (at position %d)", cp, position)));
      }
      position += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
    }
    if (!errors.isEmpty()) {
      throw invalidOptions(optionsKind, errors);
    }
  }

  /** 422 for invalid request options, worded as kube words it for the meta.k8s.io group. */
  static ApiException invalidOptions(String optionsKind, List<FieldError> errors) {
    StatusDetails details = new StatusDetails();
    details.setName("");
    details.setGroup("meta.k8s.io");
    details.setKind(optionsKind);
    details.setCauses(errors.stream().map(FieldError::toCause).toList());
    return ApiException.of(
        422,
        "Invalid",
        optionsKind + ".meta.k8s.io \"\" is invalid: " + FieldError.aggregate(errors),
        details);
  }

  /**
   * Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and ASCII space.
   */
  private static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK,
          Character.COMBINING_SPACING_MARK,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER,
          Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL ->
          true;
      default -> false;
    };
  }
}
