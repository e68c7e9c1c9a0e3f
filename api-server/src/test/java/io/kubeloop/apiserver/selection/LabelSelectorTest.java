package io.kubeloop.apiserver.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.kubeloop.apiserver.errors.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelSelectorTest {

  private static final String KEY_REGEX =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
          + " alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for"
          + " validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  private static final String VALUE_REGEX =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or"
          + " 'my_value',  or '12345', regex used for validation is"
          + " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

  @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "x=a             | x=a",
        "x==a            | x==a",
        "x!=a            | x!=a",
        "\" x = a \"     | x=a",
        "\"x=\"          | \"x=\"",
        "x               | x",
        "!x              | !x",
        "\" ! x \"       | !x",
        "x in (a,b)      | x in (a,b)",
        "x in (b,a,a)    | x in (a,b)",
        "\"x in ( b , a )\" | x in (a,b)",
        "x notin ()      | x notin ()",
        "x in (,a)       | x in (,a)",
        "\"x in (a,,b)\" | x in (,a,b)",
        "\"x in (a,)\"   | x in (,a)",
        "z,y=b,x!=c      | x!=c,y=b,z",
        "example.com/app=web | example.com/app=web",
        "a>1             | a>1",
        "a<5             | a<5",
        "in in (in)      | in in (in)",
        "x=in            | x=in",
      })
  void parsesToCanonicalForm(String input, String canonical) {
    LabelSelector selector = LabelSelector.parse(input);
    assertThat(selector.toString()).isEqualTo(canonical);
    assertThat(LabelSelector.parse(selector.toString())).isEqualTo(selector);
  }

  @Test
  void tabsCarriageReturnsAndNewlinesSeparateTokens() {
    assertThat(LabelSelector.parse("\tx\r\n in\n(a,\tb) ,\n!y").toString())
        .isEqualTo("x in (a,b),!y");
  }

  @Test
  void emptyAndBlankSelectEverything() {
    assertThat(LabelSelector.parse("").isEmpty()).isTrue();
    assertThat(LabelSelector.parse(null).isEmpty()).isTrue();
    assertThat(LabelSelector.parse("   ").isEmpty()).isTrue();
    assertThat(LabelSelector.parse("").matches(Map.of("a", "b"))).isTrue();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "x in a         | unable to parse requirement: found 'a' expected: '('",
        "x=a,           | found '', expected: identifier after ','",
        ",x             | found ',', expected: !, identifier, or 'end of string'",
        "x y            | unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt",
        "x=a b          | found 'b', expected: ',' or 'end of string'",
        "!              | unable to parse requirement: found '', expected: identifier",
        "!x=a           | found '=', expected: ',' or 'end of string'",
        "x in (a b)     | unable to parse requirement: found 'b', expected: ',' or ')'",
        "x in (a,=)     | unable to parse requirement: found '=', expected: ',', or identifier",
        "x in (=)       | unable to parse requirement: found '=', expected: ',', ')' or identifier",
        "x=(a)          | unable to parse requirement: found '(', expected: identifier",
        "\"x=a,y in (b,c\" | unable to parse requirement: found '', expected: ',' or ')'",
        "x in           | unable to parse requirement: found '' expected: '('",
        "a<abc          | unable to parse requirement: values[0]: Invalid value: \"abc\": for 'Gt', 'Lt' operators, the value must be an integer",
      })
  void reportsParseErrorsLikeApimachinery(String input, String message) {
    assertThatThrownBy(() -> LabelSelector.parse(input))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.reason()).isEqualTo("BadRequest");
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  @Test
  void reportsInvalidKeysWithANilPath() {
    assertThat(messageOf("-x"))
        .isEqualTo(
            "unable to parse requirement: <nil>: Invalid value: \"-x\": name part " + KEY_REGEX);
    assertThat(messageOf("a/b/c"))
        .isEqualTo(
            "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a valid label key "
                + KEY_REGEX
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    assertThat(messageOf("/x"))
        .isEqualTo(
            "unable to parse requirement: <nil>: Invalid value: \"/x\": prefix part must be non-empty");
    assertThat(messageOf("x/"))
        .isEqualTo(
            "unable to parse requirement: <nil>: Invalid value: \"x/\": name part must be"
                + " non-empty; name part "
                + KEY_REGEX);
    assertThat(messageOf("Example.com/x"))
        .isEqualTo(
            "unable to parse requirement: <nil>: Invalid value: \"Example.com/x\": prefix part a"
                + " lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                + " characters, '-' or '.', and must start and end with an alphanumeric character"
                + " (e.g. 'example.com', regex used for validation is"
                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    String longName = "a".repeat(64);
    assertThat(messageOf(longName + "=b"))
        .isEqualTo(
            "unable to parse requirement: <nil>: Invalid value: \""
                + longName
                + "\": name part must be no more than 63 bytes");
  }

  @Test
  void reportsInvalidValuesWithTheirIndexAndKey() {
    assertThat(messageOf("x=a||y=b"))
        .isEqualTo(
            "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": " + VALUE_REGEX);
    String longValue = "v".repeat(64);
    assertThat(messageOf("x=" + longValue))
        .isEqualTo(
            "unable to parse requirement: values[0][x]: Invalid value: \""
                + longValue
                + "\": must be no more than 63 bytes");
    // Two bad values: the error list is aggregated in brackets, values in sorted order.
    assertThat(messageOf("x in (b_, a_)"))
        .isEqualTo(
            "unable to parse requirement: [values[0][x]: Invalid value: \"a_\": "
                + VALUE_REGEX
                + ", values[1][x]: Invalid value: \"b_\": "
                + VALUE_REGEX
                + "]");
  }

  @Test
  void matchesLikeApimachinery() {
    Map<String, String> labels = Map.of("app", "web", "tier", "frontend", "replicas", "3");
    record Case(String selector, boolean matches) {}
    List<Case> cases =
        List.of(
            new Case("app=web", true),
            new Case("app==web", true),
            new Case("app=db", false),
            new Case("app!=db", true),
            new Case("missing!=x", true),
            new Case("app in (web,db)", true),
            new Case("app in (db)", false),
            new Case("missing in (x)", false),
            new Case("app notin (db)", true),
            new Case("app notin (web)", false),
            new Case("missing notin (x)", true),
            new Case("app", true),
            new Case("missing", false),
            new Case("!missing", true),
            new Case("!app", false),
            new Case("replicas>2", true),
            new Case("replicas>3", false),
            new Case("replicas<4", true),
            new Case("app>1", false),
            new Case("missing<1", false),
            new Case("app=web,tier=frontend", true),
            new Case("app=web,tier=backend", false),
            new Case("app=", false),
            new Case("missing=", false));
    for (Case c : cases) {
      assertThat(LabelSelector.parse(c.selector()).matches(labels))
          .as(c.selector())
          .isEqualTo(c.matches());
    }
    assertThat(LabelSelector.parse("app=").matches(Map.of("app", ""))).isTrue();
  }

  @Test
  void matchesTheLabelsOfAJsonObject() throws Exception {
    var pod =
        new ObjectMapper()
            .readTree("{\"metadata\":{\"name\":\"p\",\"labels\":{\"app\":\"web\",\"n\":1}}}");
    assertThat(LabelSelector.parse("app=web").matches(pod)).isTrue();
    assertThat(LabelSelector.parse("n").matches(pod)).isFalse();
    assertThat(LabelSelector.parse("!app").matches(pod)).isFalse();
    var bare = new ObjectMapper().readTree("{\"metadata\":{\"name\":\"p\"}}");
    assertThat(LabelSelector.parse("!app").matches(bare)).isTrue();
  }

  @Test
  void convertsAKubernetesLabelSelector() {
    var selector =
        new LabelSelectorBuilder()
            .addToMatchLabels("app", "web")
            .addNewMatchExpression()
            .withKey("tier")
            .withOperator("In")
            .withValues("frontend", "cache")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("canary")
            .withOperator("DoesNotExist")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("env")
            .withOperator("NotIn")
            .withValues("prod")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("team")
            .withOperator("Exists")
            .endMatchExpression()
            .build();
    LabelSelector compiled = LabelSelector.from(selector);
    assertThat(compiled.toString())
        .isEqualTo("app=web,!canary,env notin (prod),team,tier in (cache,frontend)");
    assertThat(compiled.matches(Map.of("app", "web", "tier", "cache", "team", "a", "env", "dev")))
        .isTrue();
    assertThat(compiled.matches(Map.of("app", "web", "tier", "cache", "team", "a", "canary", "1")))
        .isFalse();
  }

  @Test
  void convertsNullAndEmptyKubernetesSelectors() {
    assertThat(LabelSelector.from(null).matchesNothing()).isTrue();
    assertThat(LabelSelector.from(null).matches(Map.of())).isFalse();
    assertThat(LabelSelector.from(null).isEmpty()).isFalse();
    assertThat(LabelSelector.from(null).toString()).isEmpty();
    LabelSelector empty = LabelSelector.from(new LabelSelectorBuilder().build());
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.matches(Map.of("a", "b"))).isTrue();
  }

  @Test
  void rejectsBadKubernetesSelectors() {
    assertThatThrownBy(
            () ->
                LabelSelector.from(
                    new LabelSelectorBuilder()
                        .addNewMatchExpression()
                        .withKey("a")
                        .withOperator("Seriously")
                        .endMatchExpression()
                        .build()))
        .isInstanceOf(ApiException.class)
        .hasMessage("\"Seriously\" is not a valid label selector operator");
    assertThatThrownBy(
            () ->
                LabelSelector.from(
                    new LabelSelectorBuilder()
                        .addNewMatchExpression()
                        .withKey("name")
                        .withOperator("In")
                        .withValues(List.of())
                        .endMatchExpression()
                        .build()))
        .hasMessage(
            "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't"
                + " be empty");
    assertThatThrownBy(
            () ->
                LabelSelector.from(
                    new LabelSelectorBuilder()
                        .addNewMatchExpression()
                        .withKey("-k")
                        .withOperator("Exists")
                        .withValues("a", "b")
                        .endMatchExpression()
                        .build()))
        .hasMessage(
            "[key: Invalid value: \"-k\": name part "
                + KEY_REGEX
                + ", values: Invalid value: []string{\"a\", \"b\"}: values set must be empty for"
                + " exists and does not exist]");
    assertThatThrownBy(
            () ->
                LabelSelector.from(new LabelSelectorBuilder().addToMatchLabels("a", "b c").build()))
        .hasMessage("values[0][a]: Invalid value: \"b c\": " + VALUE_REGEX);
  }

  @Test
  void requiresExactMatch() {
    LabelSelector selector = LabelSelector.parse("a=1,b in (2),c in (3,4),d!=5");
    assertThat(selector.requiresExactMatch("a")).contains("1");
    assertThat(selector.requiresExactMatch("b")).contains("2");
    assertThat(selector.requiresExactMatch("c")).isEmpty();
    assertThat(selector.requiresExactMatch("d")).isEmpty();
    assertThat(selector.requiresExactMatch("e")).isEmpty();
  }

  @Test
  void buildsFromSetsAndRequirements() {
    assertThat(LabelSelector.fromSet(Map.of("b", "2", "a", "1")).toString()).isEqualTo("a=1,b=2");
    assertThat(LabelSelector.fromSet(Map.of()).isEmpty()).isTrue();
    assertThat(
            LabelSelector.everything()
                .add(Requirement.of("x", Operator.GREATER_THAN, List.of("5")))
                .toString())
        .isEqualTo("x>5");
    assertThatThrownBy(() -> Requirement.of("x", Operator.EQUALS, List.of("a", "b")))
        .hasMessage(
            "values: Invalid value: []string{\"a\", \"b\"}: exact-match compatibility requires one"
                + " single value");
  }

  @Test
  void quotesLikeGo() {
    assertThat(GoText.quote("a\"b\\c\n\u0001é\u00a0")).isEqualTo("\"a\\\"b\\\\c\\n\\x01é\\u00a0\"");
  }

  private static String messageOf(String selector) {
    try {
      LabelSelector.parse(selector);
    } catch (ApiException e) {
      return e.getMessage();
    }
    throw new AssertionError("parsed: " + selector);
  }
}
