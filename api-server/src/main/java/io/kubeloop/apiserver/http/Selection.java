package io.kubeloop.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.resource.ResourceType;
import io.kubeloop.apiserver.selection.FieldSelector;
import io.kubeloop.apiserver.selection.FieldSelectorRegistry;
import io.kubeloop.apiserver.selection.LabelSelector;
import io.kubeloop.apiserver.watchcache.CachedObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A request's label and field selectors as a filter over cached objects, which carry their labels
 * and selectable field values already extracted.
 */
record Selection(LabelSelector labels, FieldSelector fields) {

  static Selection parse(
      FieldSelectorRegistry registry,
      ResourceType type,
      String labelSelector,
      String fieldSelector) {
    return new Selection(
        LabelSelector.parse(labelSelector == null ? "" : labelSelector),
        registry.parse(type.groupResource(), fieldSelector == null ? "" : fieldSelector));
  }

  /** Narrows to one name, as a watch on {@code .../pods/<name>} does. */
  Selection withName(String name) {
    if (name == null || name.isEmpty()) {
      return this;
    }
    List<FieldSelector.Term> terms = new ArrayList<>(fields.terms());
    terms.add(new FieldSelector.Term("metadata.name", false, name));
    return new Selection(labels, FieldSelector.of(terms));
  }

  boolean isEverything() {
    return labels.isEmpty() && fields.isEmpty();
  }

  Predicate<CachedObject> filter() {
    if (isEverything()) {
      return o -> true;
    }
    return o ->
        labels.matches(o.labels()) && fields.matches(field -> o.fields().getOrDefault(field, ""));
  }

  /** The query form of a {@code spec.selector} (LabelSelector JSON), as Scale's status shows it. */
  static String selectorString(JsonNode selector) {
    if (selector == null || selector.isMissingNode() || selector.isNull()) {
      return "";
    }
    try {
      io.fabric8.kubernetes.api.model.LabelSelector typed =
          Json.MAPPER.treeToValue(selector, io.fabric8.kubernetes.api.model.LabelSelector.class);
      return LabelSelector.from(typed).toString();
    } catch (ApiException | com.fasterxml.jackson.core.JsonProcessingException e) {
      return "";
    }
  }
}
