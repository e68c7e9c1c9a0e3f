package io.kubeloop.apiserver.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubeloop.apiserver.errors.ApiException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldSelectorTest {

  @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "a=b              | a=b",
        "a==b             | a=b",
        "a!=b             | a!=b",
        "c=d,a=b          | a=b,c=d",
        "a=b,,c=d         | a=b,c=d",
        "\"a=\"           | \"a=\"",
        "\"a!=\"          | \"a!=\"",
        "a=x\\,y          | a=x\\,y",
        "a=x\\=y\\\\z     | a=x\\=y\\\\z",
        "\" a = b \"      | \" a = b \"",
        "metadata.name=n  | metadata.name=n",
      })
  void parsesToCanonicalForm(String input, String canonical) {
    FieldSelector selector = FieldSelector.parse(input);
    assertThat(selector.toString()).isEqualTo(canonical);
    assertThat(FieldSelector.parse(selector.toString())).isEqualTo(selector);
  }

  @Test
  void unescapesValuesAndKeepsFieldsLiteral() {
    FieldSelector selector = FieldSelector.parse(" a = x\\,y ");
    assertThat(selector.terms()).containsExactly(new FieldSelector.Term(" a ", false, " x,y "));
    assertThat(FieldSelector.parse("a=b\\=c").terms())
        .containsExactly(new FieldSelector.Term("a", false, "b=c"));
    // The escaped comma does not split the selector; an unescaped '=' in a value is an error.
    assertThat(FieldSelector.parse("a=1\\,b\\=2").terms())
        .containsExactly(new FieldSelector.Term("a", false, "1,b=2"));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "abc            | invalid selector: 'abc'; can't understand 'abc'",
        "a=b,cd         | invalid selector: 'a=b,cd'; can't understand 'cd'",
        "a=b=c          | invalid field selector: unescaped character in value: 61",
        "a=x\\n         | invalid field selector: invalid escape sequence: \\n",
        "a=x\\          | invalid field selector: invalid escape sequence: \\",
      })
  void reportsSyntaxErrorsLikeApimachinery(String input, String message) {
    assertThatThrownBy(() -> FieldSelector.parse(input))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  @Test
  void missingFieldsReadAsEmpty() {
    Map<String, String> fields = Map.of("a", "1");
    assertThat(FieldSelector.parse("a=1").matches(fields)).isTrue();
    assertThat(FieldSelector.parse("a!=1").matches(fields)).isFalse();
    assertThat(FieldSelector.parse("b=").matches(fields)).isTrue();
    assertThat(FieldSelector.parse("b!=").matches(fields)).isFalse();
    assertThat(FieldSelector.parse("b!=x").matches(fields)).isTrue();
    assertThat(FieldSelector.parse("a=1,b=2").matches(fields)).isFalse();
    assertThat(FieldSelector.parse("").matches(fields)).isTrue();
  }

  @Test
  void requiresExactMatchOnlyForEquality() {
    FieldSelector selector = FieldSelector.parse("metadata.name=x,spec.nodeName!=y");
    assertThat(selector.requiresExactMatch("metadata.name")).contains("x");
    assertThat(selector.requiresExactMatch("spec.nodeName")).isEmpty();
    assertThat(FieldSelector.oneTermEqual("metadata.name", "a,b").toString())
        .isEqualTo("metadata.name=a\\,b");
  }
}
