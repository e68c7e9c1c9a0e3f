package io.kubeloop.apiserver.apply;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 *
 * <p>Levels are hash-based: every write builds and combines sets, and only the encoded form ({@link
 * FieldsV1}) and printed paths need structured-merge-diff's order, which {@link #sortedMembers} and
 * {@link #sortedChildren} give.
 */
final class FieldSet {

  /** The empty set; never insert into it. */
  static final FieldSet EMPTY = new FieldSet();

  private final Set<PathElement> members;

  /** Children by element; invariant: no child set is empty. */
  private final Map<PathElement, FieldSet> children;

  FieldSet() {
    this(new HashSet<>(4), new HashMap<>(4));
  }

  private FieldSet(Set<PathElement> members, Map<PathElement, FieldSet> children) {
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

  /**
   * A place in one or more sets under construction, for walkers that descend through an object:
   * inserting at a cursor costs one lookup per level reached for the first time, where {@link
   * #insert} walks the whole path. Nodes are created on the first insert below them, so that no
   * empty child set is ever left behind. Confined to the walker's thread.
   */
  static final class Cursor {

    private final Cursor parent;
    private final PathElement element;
    private final FieldSet[] nodes;

    /** The root of {@code sets}, addressed by their index. */
    Cursor(FieldSet... sets) {
      this.parent = null;
      this.element = null;
      this.nodes = sets.clone();
    }

    private Cursor(Cursor parent, PathElement element) {
      this.parent = parent;
      this.element = element;
      this.nodes = new FieldSet[parent.nodes.length];
    }

    Cursor child(PathElement element) {
      return new Cursor(this, element);
    }

    /** Adds this cursor's path to set {@code set}; the root path is never tracked. */
    void insert(int set) {
      if (parent != null) {
        parent.node(set).members.add(element);
      }
    }

    private FieldSet node(int set) {
      FieldSet node = nodes[set];
      if (node == null) {
        node = parent.node(set).children.computeIfAbsent(element, e -> new FieldSet());
        nodes[set] = node;
      }
      return node;
    }

    /** The path from the root. */
    List<PathElement> path() {
      List<PathElement> path = new ArrayList<>();
      for (Cursor c = this; c.parent != null; c = c.parent) {
        path.add(0, c.element);
      }
      return path;
    }
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

  Set<PathElement> members() {
    return Collections.unmodifiableSet(members);
  }

  Map<PathElement, FieldSet> children() {
    return Collections.unmodifiableMap(children);
  }

  /** The members of this level in structured-merge-diff's order. */
  List<PathElement> sortedMembers() {
    List<PathElement> sorted = new ArrayList<>(members);
    Collections.sort(sorted);
    return sorted;
  }

  /** The children of this level in structured-merge-diff's order. */
  List<Map.Entry<PathElement, FieldSet>> sortedChildren() {
    List<Map.Entry<PathElement, FieldSet>> sorted = new ArrayList<>(children.entrySet());
    sorted.sort(Map.Entry.comparingByKey());
    return sorted;
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
    Set<PathElement> m = new HashSet<>(members);
    m.addAll(other.members);
    Map<PathElement, FieldSet> c = new HashMap<>(children);
    for (Map.Entry<PathElement, FieldSet> e : other.children.entrySet()) {
      c.merge(e.getKey(), e.getValue(), FieldSet::union);
    }
    return new FieldSet(m, c);
  }

  FieldSet intersection(FieldSet other) {
    if (isEmpty() || other.isEmpty()) {
      return EMPTY;
    }
    // walk the smaller side: a write's few changed fields against a manager's many
    Set<PathElement> fewer = members.size() <= other.members.size() ? members : other.members;
    Set<PathElement> more = fewer == members ? other.members : members;
    Set<PathElement> m = new HashSet<>();
    for (PathElement e : fewer) {
      if (more.contains(e)) {
        m.add(e);
      }
    }
    Map<PathElement, FieldSet> c = new HashMap<>();
    boolean mineFewer = children.size() <= other.children.size();
    Map<PathElement, FieldSet> few = mineFewer ? children : other.children;
    Map<PathElement, FieldSet> many = mineFewer ? other.children : children;
    for (Map.Entry<PathElement, FieldSet> e : few.entrySet()) {
      FieldSet theirs = many.get(e.getKey());
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
    Set<PathElement> m = new HashSet<>(members);
    m.removeAll(other.members);
    Map<PathElement, FieldSet> c = new HashMap<>();
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
    Set<PathElement> m = new HashSet<>(members);
    m.removeAll(other.members);
    Map<PathElement, FieldSet> c = new HashMap<>();
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
    for (PathElement e : sortedMembers()) {
      prefix.add(e);
      action.accept(List.copyOf(prefix));
      prefix.remove(prefix.size() - 1);
    }
    for (Map.Entry<PathElement, FieldSet> e : sortedChildren()) {
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
