package io.kubeloop.apiserver.selection;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Go's text formatting where kube-apiserver's messages depend on it: {@code strconv.Quote} (what
 * {@code %q} prints), {@code %#v} of a {@code []string}, and {@code len()} counting UTF-8 bytes.
 */
final class GoText {

  private GoText() {}

  /** {@code strconv.Quote(s)}: double-quoted, with Go escapes for quotes and unprintables. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      appendEscaped(sb, cp);
    }
    return sb.append('"').toString();
  }

  /** {@code fmt.Sprintf("%#v", values)} for a Go {@code []string}; {@code null} is a nil slice. */
  static String goSyntax(List<String> values) {
    if (values == null) {
      return "[]string(nil)";
    }
    StringBuilder sb = new StringBuilder("[]string{");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(quote(values.get(i)));
    }
    return sb.append('}').toString();
  }

  /** Go's {@code len(s)}: the number of UTF-8 bytes. */
  static int byteLength(String s) {
    int ascii = 0;
    while (ascii < s.length() && s.charAt(ascii) < 0x80) {
      ascii++;
    }
    return ascii == s.length() ? ascii : s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static void appendEscaped(StringBuilder sb, int cp) {
    switch (cp) {
      case '"' -> sb.append("\\\"");
      case '\\' -> sb.append("\\\\");
      case 0x07 -> sb.append("\\a");
      case '\b' -> sb.append("\\b");
      case '\f' -> sb.append("\\f");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      case 0x0b -> sb.append("\\v");
      default -> {
        if (isPrint(cp)) {
          sb.appendCodePoint(cp);
        } else if (cp < ' ' || cp == 0x7f) {
          sb.append(String.format("\\x%02x", cp));
        } else if (Character.isSurrogate((char) cp) && cp <= 0xffff) {
          // A lone surrogate is invalid UTF-8 in Go; it prints the replacement character's escape.
          sb.append("\\ufffd");
        } else if (cp > 0xffff) {
          sb.append(String.format("\\U%08x", cp));
        } else {
          sb.append(String.format("\\u%04x", cp));
        }
      }
    }
  }

  /** An approximation of {@code strconv.IsPrint}: graphic characters and the ASCII space. */
  private static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.UNASSIGNED,
          Character.PRIVATE_USE,
          Character.SURROGATE,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR ->
          false;
      default -> true;
    };
  }
}
