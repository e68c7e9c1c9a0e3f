package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Node selector terms compiled once per pod (kube's {@code nodeaffinity.NodeSelector}): a term
 * matches a node when all its {@code matchExpressions} match the node's labels and all its {@code
 * matchFields} match the node's fields ({@code metadata.name} only). A term with no requirement, or
 * with an invalid one (an unknown operator, {@code In} without values, {@code Gt} with a value that
 * is not an integer...), matches no node, as in kube. Immutable.
 */
final class NodeSelectorTerms {

  static final String NAME_FIELD = "metadata.name";

  /** One compiled requirement; {@code valid} is false when kube would fail to parse it. */
  private record Requirement(String key, String operator, Set<String> values, long number) {

    boolean matchesLabels(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case "In" -> value != null && values.contains(value);
        case "NotIn" -> value == null || !values.contains(value);
        case "Exists" -> value != null;
        case "DoesNotExist" -> value == null;
        case "Gt", "Lt" -> {
          if (value == null) {
            yield false;
          }
          long labelNumber;
          try {
            labelNumber = Long.parseLong(value);
          } catch (NumberFormatException e) {
            yield false;
          }
          yield operator.equals("Gt") ? labelNumber > number : labelNumber < number;
        }
        default -> false;
      };
    }

    boolean matchesName(String nodeName) {
      return operator.equals("In") == values.contains(nodeName);
    }
  }

  private record Term(List<Requirement> labels, List<Requirement> fields) {

    boolean matches(String nodeName, Map<String, String> nodeLabels) {
      for (Requirement r : labels) {
        if (!r.matchesLabels(nodeLabels)) {
          return false;
        }
      }
      for (Requirement r : fields) {
        if (!r.matchesName(nodeName)) {
          return false;
        }
      }
      return true;
    }
  }

  /** Null where the source term was empty or invalid: it matches nothing. */
  private final List<Term> terms;

  private NodeSelectorTerms(List<Term> terms) {
    this.terms = terms;
  }

  static NodeSelectorTerms compile(List<NodeSelectorTerm> source) {
    List<Term> terms = new ArrayList<>(source.size());
    for (NodeSelectorTerm t : source) {
      terms.add(compile(t));
    }
    return new NodeSelectorTerms(terms);
  }

  /** Whether any term matches the node (the terms are ORed). */
  boolean matchesAny(String nodeName, Map<String, String> labels) {
    for (Term t : terms) {
      if (t != null && t.matches(nodeName, labels)) {
        return true;
      }
    }
    return false;
  }

  private static Term compile(NodeSelectorTerm t) {
    if (t == null) {
      return null;
    }
    List<NodeSelectorRequirement> exprs = nonNull(t.getMatchExpressions());
    List<NodeSelectorRequirement> fields = nonNull(t.getMatchFields());
    if (exprs.isEmpty() && fields.isEmpty()) {
      return null;
    }
    List<Requirement> labelReqs = new ArrayList<>(exprs.size());
    for (NodeSelectorRequirement r : exprs) {
      Requirement compiled = labelRequirement(r);
      if (compiled == null) {
        return null;
      }
      labelReqs.add(compiled);
    }
    List<Requirement> fieldReqs = new ArrayList<>(fields.size());
    for (NodeSelectorRequirement r : fields) {
      List<String> values = nonNull(r.getValues());
      boolean inOrNotIn = "In".equals(r.getOperator()) || "NotIn".equals(r.getOperator());
      if (!NAME_FIELD.equals(r.getKey()) || !inOrNotIn || values.size() != 1) {
        return null;
      }
      fieldReqs.add(new Requirement(r.getKey(), r.getOperator(), Set.copyOf(values), 0));
    }
    return new Term(labelReqs, fieldReqs);
  }

  private static Requirement labelRequirement(NodeSelectorRequirement r) {
    String op = r.getOperator() == null ? "" : r.getOperator();
    List<String> values = nonNull(r.getValues());
    String key = r.getKey() == null ? "" : r.getKey();
    switch (op) {
      case "In", "NotIn" -> {
        if (values.isEmpty()) {
          return null;
        }
        return new Requirement(key, op, new HashSet<>(values), 0);
      }
      case "Exists", "DoesNotExist" -> {
        if (!values.isEmpty()) {
          return null;
        }
        return new Requirement(key, op, Set.of(), 0);
      }
      case "Gt", "Lt" -> {
        if (values.size() != 1) {
          return null;
        }
        try {
          return new Requirement(key, op, Set.of(), Long.parseLong(values.get(0)));
        } catch (NumberFormatException e) {
          return null;
        }
      }
      default -> {
        return null;
      }
    }
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
