package io.kubeloop.apiserver.protobuf;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each protobuf field of a message goes in its JSON form. The field names of kube's {@code
 * generated.proto} are the JSON names, with two kinds of exceptions, both resolved against the
 * Fabric8 model class of the message (whose {@code JsonProperty} names are kube's JSON names):
 *
 * <ul>
 *   <li>names kept from Go field names, differing from the JSON name in case only ({@code uID} is
 *       {@code uid}, {@code Webhooks} is {@code webhooks});
 *   <li>embedded Go structs marked {@code json:",inline"} ({@code Volume.volumeSource}, {@code
 *       Probe.handler}, {@code ConfigMapKeySelector.localObjectReference}): a message field the
 *       JSON form does not have, whose own fields belong to the enclosing object.
 * </ul>
 *
 * <p>Plans are computed once per message type; thread-safe.
 */
final class JsonFields {

  private static final String MODEL = "io.fabric8.kubernetes.api.model";

  /** Messages whose JSON form is not an object of their fields (see {@link MessageToJson}). */
  static final Set<String> SCALAR_MESSAGES =
      Set.of(
          "k8s.io.apimachinery.pkg.apis.meta.v1.Time",
          "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime",
          "k8s.io.apimachinery.pkg.apis.meta.v1.Duration",
          "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1",
          "k8s.io.apimachinery.pkg.apis.meta.v1.Verbs",
          "k8s.io.apimachinery.pkg.runtime.RawExtension",
          "k8s.io.apimachinery.pkg.api.resource.Quantity",
          "k8s.io.apimachinery.pkg.util.intstr.IntOrString",
          "k8s.io.api.authentication.v1.ExtraValue",
          "k8s.io.api.authorization.v1.ExtraValue",
          "k8s.io.api.certificates.v1.ExtraValue");

  /**
   * One protobuf field's place in JSON.
   *
   * @param json the JSON name, or null when the field is inlined into the enclosing object
   */
  record Slot(FieldDescriptor field, String json) {
    boolean inline() {
      return json == null;
    }
  }

  private static final Map<Descriptor, List<Slot>> PLANS = new ConcurrentHashMap<>();

  private JsonFields() {}

  static List<Slot> slots(Descriptor message) {
    return PLANS.computeIfAbsent(message, JsonFields::plan);
  }

  private static List<Slot> plan(Descriptor message) {
    Set<String> properties = modelProperties(message);
    List<Slot> slots = new ArrayList<>(message.getFields().size());
    for (FieldDescriptor field : message.getFields()) {
      slots.add(new Slot(field, jsonName(field, properties)));
    }
    return List.copyOf(slots);
  }

  private static String jsonName(FieldDescriptor field, Set<String> properties) {
    String name = field.getName();
    if (properties == null || properties.contains(name)) {
      return name;
    }
    for (String property : properties) {
      if (property.equalsIgnoreCase(name)) {
        return property;
      }
    }
    boolean struct =
        field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
            && !field.isRepeated()
            && !SCALAR_MESSAGES.contains(field.getMessageType().getFullName());
    return struct ? null : name;
  }

  /** The JSON property names of the Fabric8 class of a message, or null without one. */
  private static Set<String> modelProperties(Descriptor message) {
    Class<?> model = modelClass(message);
    if (model == null) {
      return null;
    }
    Set<String> names = new HashSet<>();
    for (Class<?> c = model; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        JsonProperty property = f.getAnnotation(JsonProperty.class);
        if (property != null
            && !Modifier.isStatic(f.getModifiers())
            && !f.isAnnotationPresent(JsonIgnore.class)) {
          names.add(property.value().isEmpty() ? f.getName() : property.value());
        }
      }
    }
    names.remove("additionalProperties");
    return names;
  }

  /**
   * The Fabric8 class of a message: {@code k8s.io.api.<group>.<version>.<Kind>} is one of {@code
   * model.<group>.<version>.<Kind>}, {@code model.<group>.<Kind>} or, for the core group and
   * apimachinery's meta types, {@code model.<Kind>}.
   */
  private static Class<?> modelClass(Descriptor message) {
    String pkg = message.getFile().getPackage();
    String kind = message.getName();
    List<String> candidates = new ArrayList<>();
    if (pkg.startsWith("k8s.io.api.")) {
      String[] parts = pkg.substring("k8s.io.api.".length()).split("\\.");
      String group = parts[0];
      String version = parts.length > 1 ? parts[1] : "";
      if (group.equals("core")) {
        candidates.add(MODEL + "." + kind);
      } else {
        candidates.add(MODEL + "." + group + "." + version + "." + kind);
        candidates.add(MODEL + "." + group + "." + kind);
      }
    } else if (pkg.equals("k8s.io.apimachinery.pkg.apis.meta.v1")) {
      candidates.add(MODEL + "." + kind);
    }
    for (String candidate : candidates) {
      try {
        return Class.forName(candidate, false, JsonFields.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        // try the next package layout
      }
    }
    return null;
  }
}
