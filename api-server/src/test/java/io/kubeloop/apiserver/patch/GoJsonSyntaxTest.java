package io.kubeloop.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GoJsonSyntaxTest {

  private static String check(String json) {
    return GoJsonSyntax.check(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void acceptsValidJson() {
    for (String ok :
        new String[] {
          "{}",
          "[]",
          " [ 1 , -2.5e+3 , \"a\\u00e9\\n\" , true , false , null , {\"k\":{}} ] ",
          "0",
          "-0.0E-1",
          "\"\"",
          "null"
        }) {
      assertThat(check(ok)).as(ok).isNull();
    }
  }

  @Test
  void reportsGoMessages() {
    String[][] cases = {
      {"", "unexpected end of JSON input"},
      {"   ", "unexpected end of JSON input"},
      {"[1", "unexpected end of JSON input"},
      {"\"abc", "unexpected end of JSON input"},
      {"x", "invalid character 'x' looking for beginning of value"},
      {"'a'", "invalid character '\\'' looking for beginning of value"},
      {"{1:2}", "invalid character '1' looking for beginning of object key string"},
      {"{\"a\" 1}", "invalid character '1' after object key"},
      {"{\"a\":1 \"b\":2}", "invalid character '\"' after object key:value pair"},
      {"[1 2]", "invalid character '2' after array element"},
      {"[1]x", "invalid character 'x' after top-level value"},
      {"01", "invalid character '1' after top-level value"},
      {"tru", "invalid character ' ' in literal true (expecting 'e')"},
      {"nul", "invalid character ' ' in literal null (expecting 'l')"},
      {"fx", "invalid character 'x' in literal false (expecting 'a')"},
      {"-", "invalid character ' ' in numeric literal"},
      {"1.", "invalid character ' ' after decimal point in numeric literal"},
      {"1e", "invalid character ' ' in exponent of numeric literal"},
      {"\"\\x\"", "invalid character 'x' in string escape code"},
      {"\"\\u12g4\"", "invalid character 'g' in \\u hexadecimal character escape"},
      {"\"a\nb\"", "invalid character '\\n' in string literal"},
      {"[,]", "invalid character ',' looking for beginning of value"},
      {"{\"a\":1,}", "invalid character '}' looking for beginning of object key string"},
      {"\u00e9", "invalid character 'Ã' looking for beginning of value"},
      {"\u0001", "invalid character '\\x01' looking for beginning of value"},
    };
    for (String[] c : cases) {
      assertThat(check(c[0])).as(c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void limitsNestingToTenThousandLevels() {
    String ok = "[".repeat(10000) + "]".repeat(10000);
    assertThat(check(ok)).isNull();
    assertThat(check("[".repeat(10001) + "]".repeat(10001)))
        .isEqualTo("invalid character '[' exceeded max depth");
    assertThat(check("{\"a\":".repeat(10001)))
        .isEqualTo("invalid character '{' exceeded max depth");
    // A million opening brackets fail at the limit without using the stack.
    assertThat(check("[".repeat(1_000_000))).isEqualTo("invalid character '[' exceeded max depth");
  }
}
