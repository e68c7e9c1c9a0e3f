package io.kubeloop.apiserver.validation;

import static io.kubeloop.apiserver.validation.Fixtures.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorsTest {

  private static final FieldPath PATH = FieldPath.of("spec", "selector");

  static LabelSelector expr(String key, String op, String... values) {
    return new LabelSelectorBuilder()
        .withMatchExpressions(new LabelSelectorRequirement(key, op, List.of(values)))
        .build();
  }

  static Stream<Arguments> validation() {
    return Stream.of(
        Arguments.of(expr("tier", "In", "web"), List.of()),
        Arguments.of(
            expr("tier", "In"),
            List.of(
                "spec.selector.matchExpressions[0].values: Required value: must be specified when"
                    + " `operator` is 'In' or 'NotIn'")),
        Arguments.of(
            expr("tier", "Exists", "x"),
            List.of(
                "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when"
                    + " `operator` is 'Exists' or 'DoesNotExist'")),
        Arguments.of(
            expr("tier", "Equals", "x"),
            List.of(
                "spec.selector.matchExpressions[0].operator: Invalid value: \"Equals\": not a valid"
                    + " selector operator")),
        Arguments.of(
            expr("tier", "NotIn", "bad value"),
            List.of(
                "spec.selector.matchExpressions[0].values[0]: Invalid value: \"bad value\": "
                    + NamesTest.LABEL_VALUE_MSG)),
        Arguments.of(
            new LabelSelectorBuilder().addToMatchLabels("-x", "y").build(),
            List.of(
                "spec.selector.matchLabels: Invalid value: \"-x\": " + NamesTest.NAME_PART_MSG)));
  }

  @ParameterizedTest
  @MethodSource("validation")
  void validate(LabelSelector selector, List<String> expected) {
    assertThat(render(LabelSelectors.validate(selector, PATH))).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> matching() {
    Map<String, String> web = Map.of("app", "web", "tier", "front");
    return Stream.of(
        Arguments.of(new LabelSelectorBuilder().addToMatchLabels("app", "web").build(), web, true),
        Arguments.of(new LabelSelectorBuilder().addToMatchLabels("app", "db").build(), web, false),
        Arguments.of(expr("tier", "In", "front", "back"), web, true),
        Arguments.of(expr("tier", "In", "back"), web, false),
        Arguments.of(expr("tier", "NotIn", "back"), web, true),
        Arguments.of(expr("zone", "NotIn", "a"), web, true),
        Arguments.of(expr("tier", "NotIn", "front"), web, false),
        Arguments.of(expr("app", "Exists"), web, true),
        Arguments.of(expr("zone", "Exists"), web, false),
        Arguments.of(expr("zone", "DoesNotExist"), web, true),
        Arguments.of(expr("app", "DoesNotExist"), web, false),
        Arguments.of(new LabelSelector(), web, true),
        Arguments.of(null, web, false),
        Arguments.of(expr("tier", "In"), web, false));
  }

  @ParameterizedTest
  @MethodSource("matching")
  void matches(LabelSelector selector, Map<String, String> labels, boolean expected) {
    assertThat(LabelSelectors.matches(selector, labels)).isEqualTo(expected);
  }

  @Test
  void emptySelectorIsEmptyButNullSelectsNothing() {
    assertThat(LabelSelectors.compile(new LabelSelector()).orElseThrow().isEmpty()).isTrue();
    assertThat(LabelSelectors.compile(null).orElseThrow().isEmpty()).isFalse();
    assertThat(LabelSelectors.compile(expr("a", "Bad"))).isEmpty();
  }
}
