package io.kubeloop.apiserver.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.FieldError;
import io.kubeloop.apiserver.resource.ResourceType;
import io.kubeloop.apiserver.validation.BuiltinRules;
import io.kubeloop.apiserver.validation.ObjectMetaValidation;
import io.kubeloop.apiserver.validation.TypeRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies the typed defaulting and validation rules of a kind to objects held as JSON trees, by
 * converting them to the Fabric8 model class and back. Resources without typed rules get kube's
 * generic metadata validation.
 */
final class TypedRules<T extends HasMetadata> implements ObjectPolicy {

  private final ResourceType type;
  private final TypeRules<T> rules;

  private TypedRules(ResourceType type, TypeRules<T> rules) {
    this.type = type;
    this.rules = rules;
  }

  static ObjectPolicy forType(ResourceType type) {
    if (type.javaType() != null && HasMetadata.class.isAssignableFrom(type.javaType())) {
      @SuppressWarnings("unchecked")
      Class<HasMetadata> javaType = (Class<HasMetadata>) type.javaType();
      Optional<TypeRules<HasMetadata>> rules = BuiltinRules.forType(javaType);
      if (rules.isPresent()) {
        return new TypedRules<>(type, rules.get());
      }
    }
    return new MetadataOnly(type.namespaced());
  }

  @Override
  public void applyDefaults(ObjectNode object) {
    T typed = toTyped(object);
    rules.applyDefaults(typed);
    replace(object, typed);
  }

  @Override
  public List<FieldError> validate(ObjectNode object) {
    return rules.validate(toTyped(object));
  }

  @Override
  public List<FieldError> validateUpdate(ObjectNode object, ObjectNode old) {
    T next = toTyped(object);
    // the typed rules expect the resourceVersion the update is based on
    if (next.getMetadata().getResourceVersion() == null) {
      next.getMetadata().setResourceVersion(Meta.resourceVersion(old));
    }
    return rules.validateUpdate(next, toTyped(old));
  }

  @Override
  public List<FieldError> validateStatusUpdate(ObjectNode object, ObjectNode old) {
    T next = toTyped(object);
    if (next.getMetadata().getResourceVersion() == null) {
      next.getMetadata().setResourceVersion(Meta.resourceVersion(old));
    }
    return rules.validateStatusUpdate(next, toTyped(old));
  }

  private T toTyped(ObjectNode object) {
    try {
      T typed = Json.MAPPER.treeToValue(object, rules.type());
      if (typed.getMetadata() == null) {
        typed.setMetadata(new ObjectMeta());
      }
      return typed;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String message =
          e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw ApiException.badRequest(
          type.kind()
              + " in version \""
              + type.version()
              + "\" cannot be handled as a "
              + type.kind()
              + ": "
              + message);
    }
  }

  private static void replace(ObjectNode target, Object typed) {
    JsonNode tree = Json.MAPPER.valueToTree(typed);
    target.removeAll();
    target.setAll((ObjectNode) tree);
  }

  /** Kube's generic metadata rules, for resources without typed rules. */
  static final class MetadataOnly implements ObjectPolicy {
    private final boolean namespaced;

    MetadataOnly(boolean namespaced) {
      this.namespaced = namespaced;
    }

    @Override
    public List<FieldError> validate(ObjectNode object) {
      return ObjectMetaValidation.validateCreate(meta(object), namespaced);
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode object, ObjectNode old) {
      ObjectMeta next = meta(object);
      if (next.getResourceVersion() == null) {
        next.setResourceVersion(Meta.resourceVersion(old));
      }
      List<FieldError> errors =
          new ArrayList<>(ObjectMetaValidation.validateUpdate(next, meta(old)));
      return errors;
    }

    private static ObjectMeta meta(ObjectNode object) {
      try {
        return Json.MAPPER.treeToValue(Meta.metadata(object), ObjectMeta.class);
      } catch (JsonProcessingException e) {
        throw ApiException.badRequest("metadata cannot be decoded: " + e.getOriginalMessage());
      }
    }
  }
}
