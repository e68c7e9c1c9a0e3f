package io.kubeloop.operators.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void escapesWhatJsonNeedsEscaped() throws Exception {
    String tricky = "quote \" backslash \\ newline \n tab \t bell \u0007 é";
    StringBuilder out = new StringBuilder("{");
    JsonText.field(out, "a", tricky, true);
    JsonText.field(out, "b", null, false).append('}');
    Map<?, ?> parsed = new ObjectMapper().readValue(out.toString(), Map.class);
    assertThat(parsed.get("a")).isEqualTo(tricky);
    assertThat(parsed.containsKey("b")).isTrue();
    assertThat(parsed.get("b")).isNull();
  }
}
