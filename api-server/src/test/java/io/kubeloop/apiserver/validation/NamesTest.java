package io.kubeloop.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NamesTest {

  static final String SUBDOMAIN_MSG =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'example.com',"
          + " regex used for validation is"
          + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  static final String LABEL_MSG =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and"
          + " must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc',"
          + " regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  static final String DNS1035_MSG =
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an"
          + " alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or"
          + " 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
  static final String NAME_PART_MSG =
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end"
          + " with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex"
          + " used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  static final String LABEL_VALUE_MSG =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or"
          + " 'my_value',  or '12345', regex used for validation is"
          + " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

  static Stream<Arguments> cases() {
    Function<String, List<String>> subdomain = Names::isDns1123Subdomain;
    Function<String, List<String>> label = Names::isDns1123Label;
    Function<String, List<String>> dns1035 = Names::isDns1035Label;
    Function<String, List<String>> qualified = Names::isQualifiedName;
    Function<String, List<String>> labelValue = Names::isLabelValue;
    Function<String, List<String>> pathSegment = Names::isPathSegmentName;
    Function<String, List<String>> portName = Names::isValidPortName;
    Function<String, List<String>> envVar = Names::isEnvVarName;
    Function<String, List<String>> configKey = Names::isConfigMapKey;
    Function<String, List<String>> cIdentifier = Names::isCIdentifier;
    return Stream.of(
        Arguments.of(subdomain, "example.com", List.of()),
        Arguments.of(subdomain, "a", List.of()),
        Arguments.of(subdomain, "Foo", List.of(SUBDOMAIN_MSG)),
        Arguments.of(subdomain, "a..b", List.of(SUBDOMAIN_MSG)),
        Arguments.of(subdomain, "-a", List.of(SUBDOMAIN_MSG)),
        Arguments.of(subdomain, "a".repeat(253), List.of()),
        Arguments.of(subdomain, "a".repeat(254), List.of("must be no more than 253 characters")),
        Arguments.of(label, "my-name", List.of()),
        Arguments.of(label, "a.b", List.of("must not contain dots")),
        Arguments.of(label, "A", List.of(LABEL_MSG)),
        Arguments.of(label, "a".repeat(64), List.of("must be no more than 63 characters")),
        Arguments.of(dns1035, "my-svc", List.of()),
        Arguments.of(dns1035, "1abc", List.of(DNS1035_MSG)),
        Arguments.of(qualified, "app", List.of()),
        Arguments.of(qualified, "example.com/MyName", List.of()),
        Arguments.of(qualified, "Uppercase_Is_OK_123", List.of()),
        Arguments.of(qualified, "-bad", List.of(NAME_PART_MSG)),
        Arguments.of(qualified, "/simple", List.of("prefix part must be non-empty")),
        Arguments.of(
            qualified, "example.com/", List.of("name part must be non-empty", NAME_PART_MSG)),
        Arguments.of(qualified, "Example.com/abc", List.of("prefix part " + SUBDOMAIN_MSG)),
        Arguments.of(qualified, "a".repeat(64), List.of("name part must be no more than 63 bytes")),
        Arguments.of(
            qualified,
            "only/one/slash",
            List.of(
                "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and"
                    + " must start and end with an alphanumeric character (e.g. 'MyName',  or"
                    + " 'my.name',  or '123-abc', regex used for validation is"
                    + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS"
                    + " subdomain prefix and '/' (e.g. 'example.com/MyName')")),
        Arguments.of(labelValue, "", List.of()),
        Arguments.of(labelValue, "my_value", List.of()),
        Arguments.of(labelValue, "ends-with-dash-", List.of(LABEL_VALUE_MSG)),
        Arguments.of(labelValue, "a".repeat(64), List.of("must be no more than 63 bytes")),
        Arguments.of(pathSegment, "ok", List.of()),
        Arguments.of(pathSegment, "..", List.of("may not be '..'")),
        Arguments.of(pathSegment, "a/b%c", List.of("may not contain '/'", "may not contain '%'")),
        Arguments.of(portName, "http", List.of()),
        Arguments.of(portName, "8080", List.of("must contain at least one letter (a-z)")),
        Arguments.of(
            portName,
            "-Http--web-name-too-long",
            List.of(
                "must be no more than 15 characters",
                "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "must not contain consecutive hyphens",
                "must not begin or end with a hyphen")),
        Arguments.of(envVar, "1-my.env var", List.of()),
        Arguments.of(
            envVar,
            "A=B",
            List.of(
                "a valid environment variable name must consist only of printable ASCII characters"
                    + " other than '='")),
        Arguments.of(envVar, "", List.of("environment variable name must be non-empty")),
        Arguments.of(configKey, "key.name", List.of()),
        Arguments.of(configKey, "..secret", List.of("must not start with '..'")),
        Arguments.of(
            configKey,
            "a b",
            List.of(
                "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"
                    + " (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for"
                    + " validation is '[-._a-zA-Z0-9]+')")),
        Arguments.of(cIdentifier, "MY_NAME", List.of()),
        Arguments.of(
            cIdentifier,
            "1a",
            List.of(
                "a valid C identifier must start with alphabetic character or '_', followed by a"
                    + " string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME', "
                    + " or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void formats(Function<String, List<String>> check, String value, List<String> expected) {
    assertThat(check.apply(value)).containsExactlyElementsOf(expected);
  }

  @Test
  void portNumbers() {
    assertThat(Names.isValidPortNum(1)).isEmpty();
    assertThat(Names.isValidPortNum(65535)).isEmpty();
    assertThat(Names.isValidPortNum(0)).containsExactly("must be between 1 and 65535, inclusive");
    assertThat(Names.isValidPortNum(65536))
        .containsExactly("must be between 1 and 65535, inclusive");
  }

  @Test
  void generatedNamesCutTheBaseAndAppendFiveCharacters() {
    SplittableRandom random = new SplittableRandom(42);
    String name = Names.generate("web-", random);
    assertThat(name).startsWith("web-").hasSize(9).matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}");
    String longName = Names.generate("x".repeat(100), random);
    assertThat(longName).hasSize(63).startsWith("x".repeat(58));
  }

  @Test
  void longCraftedNamesAreCheckedInLinearTime() {
    String evil = "a-".repeat(200_000) + "!";
    assertThat(Names.isDns1123Subdomain(evil)).hasSize(2);
    assertThat(Names.isQualifiedName(evil)).isNotEmpty();
  }
}
