package io.kubeloop.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenFileTest {

  @Test
  void readsKubernetesFormatWithQuotedGroups() {
    String text =
        """
        s3cr3t,alice,uid-1,"system:masters,devs"
        other,bob,uid-2
        third,carol,uid-3,ops
        """;

    List<TokenFile.Entry> entries = TokenFile.parse(text, "tokens.csv");

    assertThat(entries)
        .containsExactly(
            new TokenFile.Entry(
                "s3cr3t",
                new UserInfo("alice", "uid-1", List.of("system:masters", "devs"), Map.of())),
            new TokenFile.Entry("other", new UserInfo("bob", "uid-2", List.of(), Map.of())),
            new TokenFile.Entry("third", new UserInfo("carol", "uid-3", List.of("ops"), Map.of())));
  }

  @Test
  void followsGoCsvRules() {
    String text =
        "\n"
            + "a,\"user, with comma\",\"u\"\"1\",g1\r\n"
            + "\r\n"
            + "b,name,uid,\"g2\",ignored,columns\n"
            + "c,multi,\"line\nuid\"";

    List<TokenFile.Entry> entries = TokenFile.parse(text, "tokens.csv");

    assertThat(entries)
        .extracting(e -> e.user().name())
        .containsExactly("user, with comma", "name", "multi");
    assertThat(entries.get(0).user().uid()).isEqualTo("u\"1");
    assertThat(entries.get(1).user().groups()).containsExactly("g2");
    assertThat(entries.get(2).user().uid()).isEqualTo("line\nuid");
  }

  @Test
  void skipsEmptyTokensAndLetsALaterDuplicateWin() {
    String text = ",nobody,0\ntok,first,1\ntok,second,2\n";

    List<TokenFile.Entry> entries = TokenFile.parse(text, "tokens.csv");

    assertThat(entries).extracting(e -> e.user().name()).containsExactly("second");
  }

  @Test
  void tooFewColumnsNamesFileAndLine() {
    String text = "good,alice,1\n\nbad,bob\n";

    assertThatThrownBy(() -> TokenFile.parse(text, "/etc/tokens.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "token file '/etc/tokens.csv' line 3: must have at least 3 columns (token, user name,"
                + " user uid), found 2");
  }

  @Test
  void bareQuoteIsAnError() {
    assertThatThrownBy(() -> TokenFile.parse("tok,al\"ice,1\n", "t.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token file 't.csv' line 1: bare \" in non-quoted field (column 7)");
  }

  @Test
  void textAfterClosingQuoteIsAnError() {
    assertThatThrownBy(() -> TokenFile.parse("ok,a,1\ntok,\"alice\"x,1\n", "t.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token file 't.csv' line 2: extraneous \" in quoted field (column 12)");
  }

  @Test
  void unclosedQuoteIsAnError() {
    assertThatThrownBy(() -> TokenFile.parse("tok,alice,1,\"g1,g2\n", "t.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token file 't.csv' line 1: quoted field is not closed");
  }

  @Test
  void formatRoundTrips() {
    List<TokenFile.Entry> entries =
        List.of(
            new TokenFile.Entry(
                "abc", new UserInfo("kubeloop-admin", "id", List.of("system:masters"), Map.of())),
            new TokenFile.Entry(
                "def", new UserInfo("odd, \"name\"", "", List.of("a", "b"), Map.of())),
            new TokenFile.Entry("ghi", new UserInfo("plain", "u", List.of(), Map.of())));

    String text = TokenFile.format(entries);

    assertThat(text).startsWith("abc,kubeloop-admin,id,\"system:masters\"\n");
    assertThat(TokenFile.parse(text, "t.csv")).isEqualTo(entries);
  }
}
