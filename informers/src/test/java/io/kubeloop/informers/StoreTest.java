package io.kubeloop.informers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreTest {

  @SuppressWarnings("unchecked")
  private static Entry entry(String ns, String name, String rv, String owner, String... labels) {
    return new Entry(
        new ObjectKey(ns, name),
        rv,
        labels,
        new byte[] {'{', '}'},
        null,
        owner == null ? null : new List[] {List.of(owner)});
  }

  @Test
  void namespacesAreKeyRanges() {
    CompactStore store = new CompactStore();
    store.put(entry("a", "x", "1", null));
    store.put(entry("a-b", "y", "2", null));
    store.put(entry("b", "z", "3", null));
    store.put(entry("", "cluster", "4", null));
    assertThat(store.list("a")).extracting(e -> e.key.name()).containsExactly("x");
    assertThat(store.keys("a-b")).containsExactly(new ObjectKey("a-b", "y"));
    assertThat(store.namespaces()).containsExactlyInAnyOrder("", "a", "a-b", "b");
    assertThat(store.list("")).extracting(e -> e.key.name()).containsExactly("cluster");
    assertThat(store.size()).isEqualTo(4);
  }

  @Test
  void customIndexFollowsUpdatesAndDeletes() {
    CompactStore store = new CompactStore();
    store.defineIndexes(List.of("owner"));
    store.put(entry("ns", "a", "1", "rs-1"));
    store.put(entry("ns", "b", "2", "rs-1"));
    assertThat(store.byIndex("owner", "rs-1")).hasSize(2);
    store.put(entry("ns", "a", "3", "rs-2"));
    assertThat(store.byIndex("owner", "rs-1")).extracting(e -> e.key.name()).containsExactly("b");
    assertThat(store.byIndex("owner", "rs-2")).extracting(e -> e.key.name()).containsExactly("a");
    store.remove(new ObjectKey("ns", "b"));
    assertThat(store.indexValues("owner")).containsExactly("rs-2");
    assertThatThrownBy(() -> store.byIndex("nope", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void entryKeepsNumericVersionsCompactly() {
    Entry numeric = entry("ns", "a", "12345", null);
    Entry text = entry("ns", "a", "v1-abc", null);
    assertThat(numeric.resourceVersion()).isEqualTo("12345");
    assertThat(numeric.hasResourceVersion("12345")).isTrue();
    assertThat(numeric.hasResourceVersion("012345")).isFalse();
    assertThat(text.resourceVersion()).isEqualTo("v1-abc");
    assertThat(text.hasResourceVersion("v1-abc")).isTrue();
  }

  @Test
  void labelSelectorsMatchStoredLabels() {
    Entry web = entry("ns", "a", "1", null, "app", "web", "tier", "front");
    Entry db = entry("ns", "b", "1", null, "app", "db");
    var in =
        new LabelMatcher(
            new LabelSelectorBuilder()
                .addNewMatchExpression()
                .withKey("app")
                .withOperator("In")
                .withValues("web", "api")
                .endMatchExpression()
                .build());
    var exists =
        new LabelMatcher(
            new LabelSelectorBuilder()
                .addNewMatchExpression()
                .withKey("tier")
                .withOperator("Exists")
                .endMatchExpression()
                .build());
    var notIn =
        new LabelMatcher(
            new LabelSelectorBuilder()
                .addNewMatchExpression()
                .withKey("app")
                .withOperator("NotIn")
                .withValues("web")
                .endMatchExpression()
                .addToMatchLabels("app", "db")
                .build());
    assertThat(in.matches(web)).isTrue();
    assertThat(in.matches(db)).isFalse();
    assertThat(exists.matches(web)).isTrue();
    assertThat(exists.matches(db)).isFalse();
    assertThat(notIn.matches(db)).isTrue();
    assertThat(notIn.matches(web)).isFalse();
    assertThat(new LabelMatcher(null).matches(db)).isTrue();
  }
}
