package io.kubeloop.informers;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled {@link LabelSelector} tested against an entry's stored labels, so a lister filters
 * without decoding objects. An empty selector matches everything, as in kube.
 */
final class LabelMatcher {

  private interface Term {
    boolean test(Entry entry);
  }

  private final List<Term> terms = new ArrayList<>();

  LabelMatcher(LabelSelector selector) {
    if (selector == null) {
      return;
    }
    Map<String, String> matchLabels = selector.getMatchLabels();
    if (matchLabels != null) {
      matchLabels.forEach((k, v) -> terms.add(e -> v.equals(e.label(k))));
    }
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
    if (expressions != null) {
      for (LabelSelectorRequirement r : expressions) {
        terms.add(term(r));
      }
    }
  }

  private static Term term(LabelSelectorRequirement r) {
    String key = r.getKey();
    Set<String> values = r.getValues() == null ? Set.of() : Set.copyOf(r.getValues());
    String operator = r.getOperator() == null ? "" : r.getOperator();
    return switch (operator) {
      case "In" -> {
        requireValues(r, values);
        yield e -> {
          String v = e.label(key);
          return v != null && values.contains(v);
        };
      }
      case "NotIn" -> {
        requireValues(r, values);
        yield e -> {
          String v = e.label(key);
          return v == null || !values.contains(v);
        };
      }
      case "Exists" -> e -> e.label(key) != null;
      case "DoesNotExist" -> e -> e.label(key) == null;
      default ->
          throw new IllegalArgumentException(
              "\"" + operator + "\" is not a valid label selector operator");
    };
  }

  private static void requireValues(LabelSelectorRequirement r, Set<String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(
          "values: Required value: must be specified when `operator` is 'In' or 'NotIn' (key "
              + r.getKey()
              + ")");
    }
  }

  boolean matches(Entry entry) {
    for (Term t : terms) {
      if (!t.test(entry)) {
        return false;
      }
    }
    return true;
  }
}
