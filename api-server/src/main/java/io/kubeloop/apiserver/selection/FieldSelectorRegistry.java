package io.kubeloop.apiserver.selection;

import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.GroupResource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which field selectors each resource supports. Built-in resources are registered by {@link
 * #withBuiltIns()}; custom resources are added (and removed) at run time as their CRDs come and go,
 * with {@link SelectableFields#forCustomResource}. A resource nobody registered gets {@link
 * SelectableFields#metadataOnly()}, as in kube.
 *
 * <p>Thread-safe: lookups never block, registrations replace whole entries.
 */
public final class FieldSelectorRegistry {

  private final Map<GroupResource, SelectableFields> byResource = new ConcurrentHashMap<>();

  private FieldSelectorRegistry() {}

  /** A registry with no resource-specific fields: every resource is metadata-only. */
  public static FieldSelectorRegistry empty() {
    return new FieldSelectorRegistry();
  }

  /** A registry with kube-apiserver's built-in field selectors (pods, nodes, events, ...). */
  public static FieldSelectorRegistry withBuiltIns() {
    FieldSelectorRegistry registry = new FieldSelectorRegistry();
    registry.byResource.putAll(BuiltInSelectableFields.all());
    return registry;
  }

  /** Sets the fields of {@code resource}, replacing what was there. */
  public void register(GroupResource resource, SelectableFields fields) {
    byResource.put(
        Objects.requireNonNull(resource, "resource"), Objects.requireNonNull(fields, "fields"));
  }

  /** Forgets {@code resource}, e.g. when its CRD is deleted. */
  public void unregister(GroupResource resource) {
    byResource.remove(resource);
  }

  /** The fields of {@code resource}; {@link SelectableFields#metadataOnly()} when unregistered. */
  public SelectableFields fieldsOf(GroupResource resource) {
    return byResource.getOrDefault(resource, SelectableFields.metadataOnly());
  }

  /**
   * Parses a {@code fieldSelector} query value for {@code resource}: checks the syntax, then each
   * field label (in the order kube checks them) and rewrites it to its canonical name.
   *
   * @throws ApiException 400 BadRequest with kube-apiserver's message, e.g. {@code "foo.bar" is not
   *     a known field selector: only "metadata.name", "metadata.namespace"} or {@code field label
   *     not supported: spec.foo}
   */
  public FieldSelector parse(GroupResource resource, String selector) {
    SelectableFields fields = fieldsOf(resource);
    return FieldSelector.parse(selector)
        .transform(
            term ->
                new FieldSelector.Term(
                    fields.canonicalLabel(term.field()), term.negated(), term.value()));
  }

  /**
   * Parses both selectors of a list or watch request into one predicate.
   *
   * @throws ApiException 400 when either selector is invalid
   */
  public SelectionPredicate predicate(
      GroupResource resource, String labelSelector, String fieldSelector) {
    return new SelectionPredicate(
        LabelSelector.parse(labelSelector), parse(resource, fieldSelector), fieldsOf(resource));
  }
}
