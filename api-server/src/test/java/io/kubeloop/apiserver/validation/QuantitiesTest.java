package io.kubeloop.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {

  @ParameterizedTest
  @CsvSource({
    "2000m, 2",
    "100m, 100m",
    "0.1, 100m",
    "1.5, 1500m",
    "1000, 1k",
    "1500, 1500",
    "1Ki, 1Ki",
    "1024, 1024",
    "2048Ki, 2Mi",
    "1536Mi, 1536Mi",
    "512, 512",
    "0.5Gi, 512Mi",
    "1e3, 1e3",
    "1.5e3, 1500",
    "0, 0",
    "-1, -1",
    "5n, 5n",
    "1u, 1u",
    "12e6, 12e6",
  })
  void printsAsKubePrints(String in, String canonical) {
    assertThat(Quantities.canonical(new Quantity(in))).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "", "1.2.3", "Mi", "--1", " 1", "1Kb"})
  void rejectsWhatIsNotAQuantity(String in) {
    assertThatThrownBy(() -> Quantities.parse(in))
        .hasMessage(
            "quantities must match the regular expression"
                + " '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1mi", "1e", "1kM"})
  void rejectsUnknownSuffixes(String in) {
    assertThatThrownBy(() -> Quantities.parse(in)).hasMessage("unable to parse quantity's suffix");
  }

  @ParameterizedTest
  @CsvSource({"1Ki, 1024", "250m, 0.25", "1.5G, 1500000000", "1e-3, 0.001"})
  void values(String in, String value) {
    assertThat(Quantities.value(new Quantity(in))).isEqualByComparingTo(new BigDecimal(value));
  }

  @ParameterizedTest
  @CsvSource({"0.0001, 1m", "1.0001, 1001m", "100m, 100m"})
  void defaultsRoundUpToMilli(String in, String out) {
    assertThat(Quantities.text(Quantities.normalized(new Quantity(in)))).isEqualTo(out);
  }
}
