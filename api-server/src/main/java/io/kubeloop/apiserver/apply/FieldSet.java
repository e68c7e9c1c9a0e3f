package io.kubeloop.apiserver.apply;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A set of field paths, held as structured-merge-diff holds it: a tree whose nodes list the path
 * elements that are members at that level and the child sets below elements that have members
 * deeper down. Membership of a path says nothing of its parents: {@code .spec.replicas} may be in a
 * set that does not contain {@code .spec}.
 *
 * <p>Sets are built by {@link #insert} and then treated as immutable: the set operations never
 * modify their operands and may share subtrees with them. A set under construction is confined to
 * one thread; a finished one may be shared.
 */
final class FieldSet {

  /** The empty set; never insert into it. */
  static final FieldSet EMPTY = new FieldSet();

  private final NavigableSet<PathElement> members;

  /** Children by element; invariant: no child set is empty. */
  private final NavigableMap<PathElement, FieldSet> children;

  FieldSet() {
    this(new TreeSet<>(), new TreeMap<>());
  }

  private FieldSet(
      NavigableSet<PathElement> members, NavigableMap<PathElement, FieldSet> children) {
    this.members = members;
    this.children = children;
  }

  /** Builds a set of the given paths. */
  @SafeVarargs
  static FieldSet of(List<PathElement>... paths) {
    FieldSet set = new FieldSet();
    for (List<PathElement> path : paths) {
      set.insert(path);
    }
    return set;
  }

  /** Adds a path; the empty path (the whole object) is never tracked. */
  void insert(List<PathElement> path) {
    if (path.isEmpty()) {
      return;
    }
    FieldSet node = this;
    for (int i = 0; i < path.size() - 1; i++) {
      node = node.children.computeIfAbsent(path.get(i), e -> new FieldSet());
    }
    node.members.add(path.get(path.size() - 1));
  }

  /** Adds an element as a member of this node. */
  void addMember(PathElement element) {
    members.add(element);
  }

  /** Adds a non-empty child set below {@code element}, merging with one already there. */
  void addChild(PathElement element, FieldSet child) {
    if (child.isEmpty()) {
      return;
    }
    FieldSet existing = children.get(element);
    children.put(element, existing == null ? child : existing.union(child));
  }

  boolean isEmpty() {
    return members.isEmpty() && children.isEmpty();
  }

  /** Whether {@code element} is a member at this level. */
  boolean hasMember(PathElement element) {
    return members.contains(element);
  }

  /** The set below {@code element}, or null. */
  FieldSet child(PathElement element) {
    return children.get(element);
  }

  NavigableSet<PathElement> members() {
    return Collections.unmodifiableNavigableSet(members);
  }

  NavigableMap<PathElement, FieldSet> children() {
    return Collections.unmodifiableNavigableMap(children);
  }

  /** Whether the path is a member. */
  boolean has(List<PathElement> path) {
    if (path.isEmpty()) {
      return false;
    }
    FieldSet node = this;
    for (int i = 0; i < path.size() - 1; i++) {
      node = node.children.get(path.get(i));
      if (node == null) {
        return false;
      }
    }
    return node.members.contains(path.get(path.size() - 1));
  }

  FieldSet union(FieldSet other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    TreeSet<PathElement> m = new TreeSet<>(members);
    m.addAll(other.members);
    TreeMap<PathElement, FieldSet> c = new TreeMap<>(children);
    for (Map.Entry<PathElement, FieldSet> e : other.children.entrySet()) {
      c.merge(e.getKey(), e.getValue(), FieldSet::union);
    }
    return new FieldSet(m, c);
  }

  FieldSet intersection(FieldSet other) {
    TreeSet<PathElement> m = new TreeSet<>();
    for (PathElement e : members) {
      if (other.members.contains(e)) {
        m.add(e);
      }
    }
    TreeMap<PathElement, FieldSet> c = new TreeMap<>();
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      FieldSet theirs = other.children.get(e.getKey());
      if (theirs != null) {
        FieldSet both = e.getValue().intersection(theirs);
        if (!both.isEmpty()) {
          c.put(e.getKey(), both);
        }
      }
    }
    return new FieldSet(m, c);
  }

  /**
   * The paths of this set not in {@code other}. Parents and children are unrelated: removing {@code
   * .spec} leaves {@code .spec.replicas} in place (see {@link #recursiveDifference}).
   */
  FieldSet difference(FieldSet other) {
    if (other.isEmpty() || isEmpty()) {
      return this;
    }
    TreeSet<PathElement> m = new TreeSet<>(members);
    m.removeAll(other.members);
    TreeMap<PathElement, FieldSet> c = new TreeMap<>();
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      FieldSet theirs = other.children.get(e.getKey());
      FieldSet rest = theirs == null ? e.getValue() : e.getValue().difference(theirs);
      if (!rest.isEmpty()) {
        c.put(e.getKey(), rest);
      }
    }
    return new FieldSet(m, c);
  }

  /** Like {@link #difference}, but a member of {@code other} also removes everything below it. */
  FieldSet recursiveDifference(FieldSet other) {
    if (other.isEmpty() || isEmpty()) {
      return this;
    }
    TreeSet<PathElement> m = new TreeSet<>(members);
    m.removeAll(other.members);
    TreeMap<PathElement, FieldSet> c = new TreeMap<>();
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      if (other.members.contains(e.getKey())) {
        continue;
      }
      FieldSet theirs = other.children.get(e.getKey());
      FieldSet rest = theirs == null ? e.getValue() : e.getValue().recursiveDifference(theirs);
      if (!rest.isEmpty()) {
        c.put(e.getKey(), rest);
      }
    }
    return new FieldSet(m, c);
  }

  /** Calls {@code action} with every member path, in structured-merge-diff's order. */
  void forEachPath(Consumer<List<PathElement>> action) {
    forEachPath(new ArrayList<>(), action);
  }

  private void forEachPath(List<PathElement> prefix, Consumer<List<PathElement>> action) {
    for (PathElement e : members) {
      prefix.add(e);
      action.accept(List.copyOf(prefix));
      prefix.remove(prefix.size() - 1);
    }
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      prefix.add(e.getKey());
      e.getValue().forEachPath(prefix, action);
      prefix.remove(prefix.size() - 1);
    }
  }

  /** Every member path, printed as kube prints paths; for tests and messages. */
  List<String> paths() {
    List<String> out = new ArrayList<>();
    forEachPath(p -> out.add(PathElement.toString(p)));
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet s && s.members.equals(members) && s.children.equals(children);
  }

  @Override
  public int hashCode() {
    return Objects.hash(members, children);
  }

  @Override
  public String toString() {
    return String.join("\n", paths());
  }
}
