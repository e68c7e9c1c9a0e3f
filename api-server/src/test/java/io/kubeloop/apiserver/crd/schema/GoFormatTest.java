package io.kubeloop.apiserver.crd.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoFormatTest {

  @Test
  void floatsPrintLikeGoPercentV() {
    assertThat(GoFormat.formatFloat(1.5)).isEqualTo("1.5");
    assertThat(GoFormat.formatFloat(10)).isEqualTo("10");
    assertThat(GoFormat.formatFloat(123456)).isEqualTo("123456");
    assertThat(GoFormat.formatFloat(1e6)).isEqualTo("1e+06");
    assertThat(GoFormat.formatFloat(1234567)).isEqualTo("1.234567e+06");
    assertThat(GoFormat.formatFloat(0.0001)).isEqualTo("0.0001");
    assertThat(GoFormat.formatFloat(0.00001)).isEqualTo("1e-05");
    assertThat(GoFormat.formatFloat(-2.25)).isEqualTo("-2.25");
  }

  @Test
  void valuesPrintLikeGoPercentSharpV() {
    assertThat(GoFormat.sharpV(Yaml.obj("{b: [1, x, null], a: {c: true, d: 1.5}}")))
        .isEqualTo(
            "map[string]interface {}{\"a\":map[string]interface {}{\"c\":true, \"d\":1.5},"
                + " \"b\":[]interface {}{1, \"x\", interface {}(nil)}}");
    assertThat(GoFormat.quote("a\"b\n")).isEqualTo("\"a\\\"b\\n\"");
  }
}
