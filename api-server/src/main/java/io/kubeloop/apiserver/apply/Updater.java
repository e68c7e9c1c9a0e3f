package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * structured-merge-diff's {@code Updater}: how a write moves field ownership between managers.
 *
 * <ul>
 *   <li>An <b>update</b> (create, update, patch) gives its manager every field it added or changed
 *       and takes those fields from everyone else; fields it removed leave every set.
 *   <li>An <b>apply</b> merges the configuration into the live object, makes its set the applier's
 *       set, removes what the applier applied last time, no longer applies and nobody else owns,
 *       and takes changed fields from others — or, without {@code force}, fails with the fields
 *       other managers own and the apply would change.
 * </ul>
 *
 * <p>Fields in {@code ignored} (those a subresource does not write) are left out of every
 * comparison and set. Stateless apart from its schema; thread-safe.
 */
final class Updater {

  /** The outcome of an apply: the new object and whether it differs from the live one. */
  record Applied(JsonNode object, boolean changed) {}

  private final Schema schema;

  Updater(Schema schema) {
    this.schema = schema;
  }

  /**
   * Records an update by {@code manager} that turned {@code live} into {@code next}.
   *
   * @return the fields the update itself set (nothing stripped yet), already taken from others
   */
  FieldSet update(JsonNode live, JsonNode next, Managed managed, FieldSet ignored) {
    Comparison compare = Comparison.of(live, next, schema).excluding(ignored);
    takeFromOthers(compare, managed, null, true);
    return compare.changed().difference(compare.removed()).recursiveDifference(ignored);
  }

  /**
   * Applies {@code config} (whose field set is {@code configSet}) to {@code live} for {@code
   * applier}, updating {@code managed}.
   *
   * @throws Conflicts without force, when other managers own fields the apply changes
   */
  Applied apply(
      JsonNode live,
      JsonNode config,
      FieldSet configSet,
      String apiVersion,
      Managed managed,
      ManagerKey applier,
      boolean force,
      FieldSet ignored) {
    JsonNode merged = Merger.merge(live, config, schema);
    Managed.Entry last = managed.fields.get(applier);
    FieldSet set = configSet.recursiveDifference(ignored);
    managed.fields.put(applier, new Managed.Entry(set, apiVersion, true));
    merged = prune(merged, managed, last == null ? FieldSet.EMPTY : last.set());
    Comparison compare = Comparison.of(live, merged, schema).excluding(ignored);
    takeFromOthers(compare, managed, applier, force);
    return new Applied(merged, !Values.equal(live, merged));
  }

  /**
   * {@code update}: other managers lose the fields the write changed (conflicts unless forced) and
   * those it removed; managers left with nothing go.
   */
  private static void takeFromOthers(
      Comparison compare, Managed managed, ManagerKey writer, boolean force) {
    FieldSet changed = compare.changed();
    Map<ManagerKey, FieldSet> conflicts = new HashMap<>();
    if (!changed.isEmpty()) {
      managed.fields.forEach(
          (key, entry) -> {
            if (!key.equals(writer)) {
              FieldSet taken = entry.set().intersection(changed);
              if (!taken.isEmpty()) {
                conflicts.put(key, taken);
              }
            }
          });
    }
    if (!force && !conflicts.isEmpty()) {
      throw new Conflicts(conflicts);
    }
    FieldSet removed = compare.removed();
    managed.fields.replaceAll(
        (key, entry) -> {
          if (key.equals(writer)) {
            return entry;
          }
          FieldSet set = entry.set();
          FieldSet taken = conflicts.get(key);
          if (taken != null) {
            set = set.difference(taken);
          }
          set = set.difference(removed);
          return set == entry.set()
              ? entry
              : new Managed.Entry(set, entry.apiVersion(), entry.applied());
        });
    managed.dropEmpty();
  }

  /**
   * {@code prune}: removes from the merged object the fields, map keys and list items the applier
   * applied last time ({@code last}), no longer applies, and nobody else owns. Named struct fields
   * count as owned through what they hold, so that a struct goes only when nobody owns anything in
   * it.
   */
  private JsonNode prune(JsonNode merged, Managed managed, FieldSet last) {
    if (last.isEmpty()) {
      return merged;
    }
    FieldSet lastNamed = FieldSetWalker.withNamedFields(last, schema);
    JsonNode pruned = Remover.remove(merged, lastNamed, schema);
    // add back what anyone owns, the applier's new configuration included
    FieldSet owned = FieldSet.EMPTY;
    for (Managed.Entry entry : managed.fields.values()) {
      owned = owned.union(entry.set());
    }
    FieldSet mergedSet = named(merged);
    FieldSet keep = named(pruned).union(FieldSetWalker.withNamedFields(owned, schema));
    pruned = Remover.remove(merged, mergedSet.difference(keep), schema);
    // and remove only what the applier owned before
    FieldSet gone = mergedSet.difference(named(pruned)).intersection(lastNamed);
    return Remover.remove(merged, gone, schema);
  }

  private FieldSet named(JsonNode value) {
    return FieldSetWalker.withNamedFields(FieldSetWalker.of(value, schema), schema);
  }
}
