package io.kubeloop.apiserver.selection;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.kubeloop.apiserver.errors.ApiException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A compiled label selector: an AND of {@link Requirement}s, sorted by key.
 *
 * <p>Built from the {@code ?labelSelector=} query syntax with {@link #parse}, from a Kubernetes
 * {@code LabelSelector} object (e.g. a Deployment's {@code spec.selector}) with {@link #from}, or
 * from a plain map with {@link #fromSet}. Parse and conversion errors carry kube-apiserver's
 * messages, e.g. {@code unable to parse requirement: found '', expected: identifier}.
 *
 * <p>Immutable and thread-safe.
 */
public final class LabelSelector {

  private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
  private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

  private static final Comparator<Requirement> BY_KEY = Comparator.comparing(Requirement::key);

  /** Sorted by key; the sort is stable, so requirements on one key keep their input order. */
  private final List<Requirement> requirements;

  /** The selector of a null {@code LabelSelector} object: it selects no object at all. */
  private final boolean nothing;

  private LabelSelector(List<Requirement> requirements, boolean nothing) {
    this.requirements = requirements;
    this.nothing = nothing;
  }

  /** The selector that matches every label set (an empty query string). */
  public static LabelSelector everything() {
    return EVERYTHING;
  }

  /** The selector that matches nothing, what a null {@code LabelSelector} object converts to. */
  public static LabelSelector nothing() {
    return NOTHING;
  }

  /**
   * Parses the {@code labelSelector} query syntax: {@code a=b}, {@code a==b}, {@code a!=b}, {@code
   * a in (b,c)}, {@code a notin (b)}, {@code a}, {@code !a}, {@code a>1}, {@code a<1}, joined by
   * commas (AND). A null or blank string selects everything.
   *
   * @throws ApiException 400 BadRequest with apimachinery's parse error
   */
  public static LabelSelector parse(String selector) {
    if (selector == null || selector.isEmpty()) {
      return EVERYTHING;
    }
    try {
      return of(LabelSelectorParser.parse(selector));
    } catch (LabelSelectorParser.ParseException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /** A selector of the given requirements, e.g. ones built with {@link Requirement#of}. */
  public static LabelSelector of(List<Requirement> requirements) {
    if (requirements.isEmpty()) {
      return EVERYTHING;
    }
    List<Requirement> sorted = new ArrayList<>(requirements);
    sorted.sort(BY_KEY);
    return new LabelSelector(List.copyOf(sorted), false);
  }

  /**
   * A selector requiring every entry of {@code labels} ({@code key=value} each); an empty map
   * selects everything.
   *
   * @throws ApiException 400 when a key or value is not a valid label
   */
  public static LabelSelector fromSet(Map<String, String> labels) {
    List<Requirement> requirements = new ArrayList<>(labels.size());
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      requirements.add(Requirement.of(e.getKey(), Operator.EQUALS, List.of(e.getValue())));
    }
    return of(requirements);
  }

  /**
   * Converts a Kubernetes {@code LabelSelector} object as {@code metav1.LabelSelectorAsSelector}
   * does: null selects nothing, an empty one selects everything, {@code matchLabels} become {@code
   * key=value} requirements and {@code matchExpressions} use {@code In}, {@code NotIn}, {@code
   * Exists} or {@code DoesNotExist}.
   *
   * @throws ApiException 400, e.g. {@code "Foo" is not a valid label selector operator} or {@code
   *     values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be
   *     empty}
   */
  public static LabelSelector from(io.fabric8.kubernetes.api.model.LabelSelector selector) {
    if (selector == null) {
      return NOTHING;
    }
    Map<String, String> matchLabels =
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    List<LabelSelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    if (matchLabels.isEmpty() && expressions.isEmpty()) {
      return EVERYTHING;
    }
    List<Requirement> requirements = new ArrayList<>();
    // Go ranges over the map in random order; sorted keys make the first error deterministic.
    for (Map.Entry<String, String> e : new TreeMap<>(matchLabels).entrySet()) {
      requirements.add(Requirement.of(e.getKey(), Operator.EQUALS, List.of(e.getValue())));
    }
    for (LabelSelectorRequirement expression : expressions) {
      String op = expression.getOperator() == null ? "" : expression.getOperator();
      Operator operator =
          switch (op) {
            case "In" -> Operator.IN;
            case "NotIn" -> Operator.NOT_IN;
            case "Exists" -> Operator.EXISTS;
            case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
            default ->
                throw ApiException.badRequest(
                    GoText.quote(op) + " is not a valid label selector operator");
          };
      List<String> values = expression.getValues();
      String key = expression.getKey() == null ? "" : expression.getKey();
      // A missing or empty list is Go's nil slice, which the messages print as []string(nil).
      List<String> given = values == null || values.isEmpty() ? null : values;
      String error = LabelValidation.requirementError(key, operator, given, "key");
      if (error != null) {
        throw ApiException.badRequest(error);
      }
      requirements.add(new Requirement(key, operator, given == null ? List.of() : given));
    }
    return of(requirements);
  }

  /** Whether the labels satisfy every requirement. */
  public boolean matches(Map<String, String> labels) {
    if (nothing) {
      return false;
    }
    Map<String, String> set = labels == null ? Map.of() : labels;
    for (Requirement requirement : requirements) {
      if (!requirement.matches(set)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the object's {@code metadata.labels} satisfy every requirement. */
  public boolean matches(JsonNode object) {
    if (nothing) {
      return false;
    }
    return requirements.isEmpty() || matches(labelsOf(object));
  }

  /** The labels of a stored object; non-string values are ignored. */
  static Map<String, String> labelsOf(JsonNode object) {
    JsonNode labels = object == null ? null : object.path("metadata").path("labels");
    if (labels == null || !labels.isObject() || labels.isEmpty()) {
      return Map.of();
    }
    Map<String, String> result = new HashMap<>();
    labels
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isTextual()) {
                result.put(e.getKey(), e.getValue().textValue());
              }
            });
    return result;
  }

  /** True when the selector does not restrict anything (false for {@link #nothing()}). */
  public boolean isEmpty() {
    return !nothing && requirements.isEmpty();
  }

  /** True only for {@link #nothing()}. */
  public boolean matchesNothing() {
    return nothing;
  }

  /** The requirements, sorted by key. */
  public List<Requirement> requirements() {
    return requirements;
  }

  /**
   * The single value this selector requires for {@code key} ({@code key=v}, {@code key==v} or
   * {@code key in (v)}), if it requires one; used to narrow a list to one index bucket.
   */
  public Optional<String> requiresExactMatch(String key) {
    for (Requirement r : requirements) {
      if (r.key().equals(key)) {
        boolean exact =
            switch (r.operator()) {
              case EQUALS, DOUBLE_EQUALS, IN -> r.values().size() == 1;
              default -> false;
            };
        return exact ? Optional.of(r.values().get(0)) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** A new selector with these requirements added. */
  public LabelSelector add(Requirement... more) {
    if (nothing) {
      return this;
    }
    List<Requirement> all = new ArrayList<>(requirements);
    all.addAll(List.of(more));
    return of(all);
  }

  /**
   * The canonical query form: requirements sorted by key, comma-separated, values of {@code in} and
   * {@code notin} sorted; empty for {@link #everything()} and {@link #nothing()}.
   */
  @Override
  public String toString() {
    return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelSelector other
        && nothing == other.nothing
        && requirements.equals(other.requirements);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requirements, nothing);
  }
}
