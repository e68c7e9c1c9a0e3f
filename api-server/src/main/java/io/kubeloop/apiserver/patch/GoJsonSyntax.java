package io.kubeloop.apiserver.patch;

/**
 * A JSON syntax check that fails where Go's {@code encoding/json} fails and with its messages
 * ({@code invalid character 'x' looking for beginning of value}, {@code unexpected end of JSON
 * input}, {@code invalid character '[' exceeded max depth}), so patch errors read as
 * kube-apiserver's. A port of the state machine in {@code encoding/json/scanner.go}; it works on
 * the raw bytes and never recurses, so hostile nesting costs one int per level, up to {@link
 * #MAX_DEPTH}.
 */
final class GoJsonSyntax {

  /** Go's {@code maxNestingDepth}: more nested arrays or objects are a syntax error. */
  static final int MAX_DEPTH = 10000;

  private enum Step {
    BEGIN_VALUE_OR_EMPTY,
    BEGIN_VALUE,
    BEGIN_STRING_OR_EMPTY,
    BEGIN_STRING,
    END_VALUE,
    END_TOP,
    IN_STRING,
    IN_STRING_ESC,
    IN_STRING_ESC_U,
    IN_STRING_ESC_U1,
    IN_STRING_ESC_U12,
    IN_STRING_ESC_U123,
    NEG,
    ONE,
    ZERO,
    DOT,
    DOT0,
    E,
    E_SIGN,
    E0,
    T,
    TR,
    TRU,
    F,
    FA,
    FAL,
    FALS,
    N,
    NU,
    NUL,
    ERROR
  }

  private static final int PARSE_OBJECT_KEY = 0;
  private static final int PARSE_OBJECT_VALUE = 1;
  private static final int PARSE_ARRAY_VALUE = 2;

  private Step step = Step.BEGIN_VALUE;
  private int[] parseState = new int[16];
  private int depth;
  private boolean endTop;
  private String error;

  private GoJsonSyntax() {}

  /** {@code null} when {@code data} is one valid JSON value, else Go's error message. */
  static String check(byte[] data) {
    GoJsonSyntax s = new GoJsonSyntax();
    for (byte b : data) {
      s.step(b & 0xff);
      if (s.error != null) {
        return s.error;
      }
    }
    return s.eof();
  }

  private String eof() {
    if (endTop) {
      return null;
    }
    step(' ');
    if (endTop) {
      return null;
    }
    return error != null ? error : "unexpected end of JSON input";
  }

  private static boolean isSpace(int c) {
    return c <= ' ' && (c == ' ' || c == '\t' || c == '\r' || c == '\n');
  }

  private void fail(int c, String context) {
    step = Step.ERROR;
    error = "invalid character " + quoteChar(c) + " " + context;
  }

  private void push(int c, int state) {
    if (depth == parseState.length) {
      parseState = java.util.Arrays.copyOf(parseState, depth * 2);
    }
    parseState[depth++] = state;
    if (depth > MAX_DEPTH) {
      fail(c, "exceeded max depth");
    }
  }

  private void pop() {
    depth--;
    if (depth == 0) {
      step = Step.END_TOP;
      endTop = true;
    } else {
      step = Step.END_VALUE;
    }
  }

  private void step(int c) {
    switch (step) {
      case BEGIN_VALUE_OR_EMPTY -> {
        if (isSpace(c)) {
          return;
        }
        if (c == ']') {
          endValue(c);
          return;
        }
        beginValue(c);
      }
      case BEGIN_VALUE -> beginValue(c);
      case BEGIN_STRING_OR_EMPTY -> {
        if (isSpace(c)) {
          return;
        }
        if (c == '}') {
          parseState[depth - 1] = PARSE_OBJECT_VALUE;
          endValue(c);
          return;
        }
        beginString(c);
      }
      case BEGIN_STRING -> beginString(c);
      case END_VALUE -> endValue(c);
      case END_TOP -> {
        if (!isSpace(c)) {
          fail(c, "after top-level value");
        }
      }
      case IN_STRING -> {
        if (c == '"') {
          step = Step.END_VALUE;
        } else if (c == '\\') {
          step = Step.IN_STRING_ESC;
        } else if (c < 0x20) {
          fail(c, "in string literal");
        }
      }
      case IN_STRING_ESC -> {
        switch (c) {
          case 'b', 'f', 'n', 'r', 't', '\\', '/', '"' -> step = Step.IN_STRING;
          case 'u' -> step = Step.IN_STRING_ESC_U;
          default -> fail(c, "in string escape code");
        }
      }
      case IN_STRING_ESC_U -> hex(c, Step.IN_STRING_ESC_U1);
      case IN_STRING_ESC_U1 -> hex(c, Step.IN_STRING_ESC_U12);
      case IN_STRING_ESC_U12 -> hex(c, Step.IN_STRING_ESC_U123);
      case IN_STRING_ESC_U123 -> hex(c, Step.IN_STRING);
      case NEG -> {
        if (c == '0') {
          step = Step.ZERO;
        } else if (c >= '1' && c <= '9') {
          step = Step.ONE;
        } else {
          fail(c, "in numeric literal");
        }
      }
      case ONE -> {
        if (c >= '0' && c <= '9') {
          return;
        }
        zero(c);
      }
      case ZERO -> zero(c);
      case DOT -> {
        if (c >= '0' && c <= '9') {
          step = Step.DOT0;
        } else {
          fail(c, "after decimal point in numeric literal");
        }
      }
      case DOT0 -> {
        if (c >= '0' && c <= '9') {
          return;
        }
        if (c == 'e' || c == 'E') {
          step = Step.E;
          return;
        }
        endValue(c);
      }
      case E -> {
        if (c == '+' || c == '-') {
          step = Step.E_SIGN;
          return;
        }
        eSign(c);
      }
      case E_SIGN -> eSign(c);
      case E0 -> {
        if (c >= '0' && c <= '9') {
          return;
        }
        endValue(c);
      }
      case T -> literal(c, 'r', Step.TR, "in literal true (expecting 'r')");
      case TR -> literal(c, 'u', Step.TRU, "in literal true (expecting 'u')");
      case TRU -> literal(c, 'e', Step.END_VALUE, "in literal true (expecting 'e')");
      case F -> literal(c, 'a', Step.FA, "in literal false (expecting 'a')");
      case FA -> literal(c, 'l', Step.FAL, "in literal false (expecting 'l')");
      case FAL -> literal(c, 's', Step.FALS, "in literal false (expecting 's')");
      case FALS -> literal(c, 'e', Step.END_VALUE, "in literal false (expecting 'e')");
      case N -> literal(c, 'u', Step.NU, "in literal null (expecting 'u')");
      case NU -> literal(c, 'l', Step.NUL, "in literal null (expecting 'l')");
      case NUL -> literal(c, 'l', Step.END_VALUE, "in literal null (expecting 'l')");
      case ERROR -> {}
    }
  }

  private void beginValue(int c) {
    if (isSpace(c)) {
      step = Step.BEGIN_VALUE;
      return;
    }
    switch (c) {
      case '{' -> {
        step = Step.BEGIN_STRING_OR_EMPTY;
        push(c, PARSE_OBJECT_KEY);
      }
      case '[' -> {
        step = Step.BEGIN_VALUE_OR_EMPTY;
        push(c, PARSE_ARRAY_VALUE);
      }
      case '"' -> step = Step.IN_STRING;
      case '-' -> step = Step.NEG;
      case '0' -> step = Step.ZERO;
      case 't' -> step = Step.T;
      case 'f' -> step = Step.F;
      case 'n' -> step = Step.N;
      default -> {
        if (c >= '1' && c <= '9') {
          step = Step.ONE;
        } else {
          fail(c, "looking for beginning of value");
        }
      }
    }
  }

  private void beginString(int c) {
    if (isSpace(c)) {
      step = Step.BEGIN_STRING;
      return;
    }
    if (c == '"') {
      step = Step.IN_STRING;
    } else {
      fail(c, "looking for beginning of object key string");
    }
  }

  private void endValue(int c) {
    if (depth == 0) {
      step = Step.END_TOP;
      endTop = true;
      if (!isSpace(c)) {
        fail(c, "after top-level value");
      }
      return;
    }
    if (isSpace(c)) {
      step = Step.END_VALUE;
      return;
    }
    switch (parseState[depth - 1]) {
      case PARSE_OBJECT_KEY -> {
        if (c == ':') {
          parseState[depth - 1] = PARSE_OBJECT_VALUE;
          step = Step.BEGIN_VALUE;
        } else {
          fail(c, "after object key");
        }
      }
      case PARSE_OBJECT_VALUE -> {
        if (c == ',') {
          parseState[depth - 1] = PARSE_OBJECT_KEY;
          step = Step.BEGIN_STRING;
        } else if (c == '}') {
          pop();
        } else {
          fail(c, "after object key:value pair");
        }
      }
      default -> {
        if (c == ',') {
          step = Step.BEGIN_VALUE;
        } else if (c == ']') {
          pop();
        } else {
          fail(c, "after array element");
        }
      }
    }
  }

  private void zero(int c) {
    if (c == '.') {
      step = Step.DOT;
    } else if (c == 'e' || c == 'E') {
      step = Step.E;
    } else {
      endValue(c);
    }
  }

  private void eSign(int c) {
    if (c >= '0' && c <= '9') {
      step = Step.E0;
    } else {
      fail(c, "in exponent of numeric literal");
    }
  }

  private void hex(int c, Step next) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
      step = next;
    } else {
      fail(c, "in \\u hexadecimal character escape");
    }
  }

  private void literal(int c, char expected, Step next, String context) {
    if (c == expected) {
      step = next;
    } else {
      fail(c, context);
    }
  }

  /** Go's {@code quoteChar}: the byte as a rune in single quotes, escaped as strconv.Quote does. */
  static String quoteChar(int c) {
    if (c == '\'') {
      return "'\\''";
    }
    if (c == '"') {
      return "'\"'";
    }
    String quoted =
        switch (c) {
          case 0x07 -> "\\a";
          case '\b' -> "\\b";
          case '\f' -> "\\f";
          case '\n' -> "\\n";
          case '\r' -> "\\r";
          case '\t' -> "\\t";
          case 0x0b -> "\\v";
          case '\\' -> "\\\\";
          default -> {
            if (c < 0x20 || c == 0x7f) {
              yield String.format("\\x%02x", c);
            }
            if (c >= 0x80 && (c < 0xa1 || c == 0xad)) {
              // Latin-1 controls, no-break space and soft hyphen are not printable in Go.
              yield String.format("\\u%04x", c);
            }
            yield String.valueOf((char) c);
          }
        };
    return "'" + quoted + "'";
  }
}
