package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.kubeloop.apiserver.errors.FieldError;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code metadata} validation on create and update, after apimachinery's {@code
 * ValidateObjectMeta}/{@code ValidateObjectMetaUpdate} and, for built-in kinds validated by kube's
 * core package, its extra finalizer-name rule.
 */
final class ObjectMetaValidator {

  static final String FIELD_IMMUTABLE = "field is immutable";
  static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
  static final Set<String> STANDARD_FINALIZERS =
      Set.of("kubernetes", "orphan", "foregroundDeletion");

  private static final FieldPath META = FieldPath.of("metadata");
  private static final String FABRIC8_PLACEHOLDER_KIND = "OwnerReference";

  private ObjectMetaValidator() {}

  /**
   * Validates metadata of an object being created; name generation has already happened.
   *
   * @param coreFinalizers whether to apply kube's core rule that unqualified finalizer names must
   *     be one of the standard ones (built-in kinds except leases; not custom resources)
   */
  static List<FieldError> validateCreate(
      ObjectMeta meta, boolean namespaced, NameRule nameRule, boolean coreFinalizers) {
    ObjectMeta m = meta == null ? new ObjectMeta() : meta;
    List<FieldError> errs = new ArrayList<>();
    String generateName = m.getGenerateName();
    if (generateName != null && !generateName.isEmpty()) {
      for (String msg : nameRule.validate(generateName, true)) {
        errs.add(FieldError.invalid(META.child("generateName").toString(), generateName, msg));
      }
    }
    String name = m.getName();
    if (name == null || name.isEmpty()) {
      errs.add(
          FieldError.required(META.child("name").toString(), "name or generateName is required"));
    } else {
      for (String msg : nameRule.validate(name, false)) {
        errs.add(FieldError.invalid(META.child("name").toString(), name, msg));
      }
    }
    String namespace = m.getNamespace();
    if (namespaced) {
      if (namespace == null || namespace.isEmpty()) {
        errs.add(FieldError.required(META.child("namespace").toString(), ""));
      } else {
        for (String msg : NameRule.DNS1123_LABEL.validate(namespace, false)) {
          errs.add(FieldError.invalid(META.child("namespace").toString(), namespace, msg));
        }
      }
    } else if (namespace != null && !namespace.isEmpty()) {
      errs.add(
          FieldError.forbidden(META.child("namespace").toString(), "not allowed on this type"));
    }
    if (m.getGeneration() != null && m.getGeneration() < 0) {
      errs.add(
          FieldError.invalid(
              META.child("generation").toString(),
              m.getGeneration(),
              "must be greater than or equal to 0"));
    }
    errs.addAll(validateLabels(m.getLabels(), META.child("labels")));
    errs.addAll(validateAnnotations(m.getAnnotations(), META.child("annotations")));
    errs.addAll(validateOwnerReferences(m.getOwnerReferences(), META.child("ownerReferences")));
    errs.addAll(validateFinalizers(m.getFinalizers(), META.child("finalizers")));
    errs.addAll(validateManagedFields(m.getManagedFields(), META.child("managedFields")));
    if (coreFinalizers) {
      errs.addAll(validateKubeFinalizerNames(m.getFinalizers(), META.child("finalizers")));
    }
    return errs;
  }

  /** Validates metadata on update: what may not change, and what must stay well-formed. */
  static List<FieldError> validateUpdate(
      ObjectMeta newMeta, ObjectMeta oldMeta, boolean coreFinalizers) {
    ObjectMeta n = newMeta == null ? new ObjectMeta() : newMeta;
    ObjectMeta o = oldMeta == null ? new ObjectMeta() : oldMeta;
    List<FieldError> errs = new ArrayList<>();
    if (o.getDeletionTimestamp() != null) {
      Set<String> added = new TreeSet<>(nonNull(n.getFinalizers()));
      added.removeAll(nonNull(o.getFinalizers()));
      if (!added.isEmpty()) {
        errs.add(
            FieldError.forbidden(
                META.child("finalizers").toString(),
                "no new finalizers can be added if the object is being deleted, found new"
                    + " finalizers "
                    + GoValue.renderStringSlice(List.copyOf(added))));
      }
    }
    if (n.getResourceVersion() == null || n.getResourceVersion().isEmpty()) {
      errs.add(
          FieldError.invalid(
              META.child("resourceVersion").toString(), "", "must be specified for an update"));
    }
    long newGeneration = n.getGeneration() == null ? 0 : n.getGeneration();
    long oldGeneration = o.getGeneration() == null ? 0 : o.getGeneration();
    if (newGeneration < oldGeneration) {
      errs.add(
          FieldError.invalid(
              META.child("generation").toString(), newGeneration, "must not be decremented"));
    }
    immutable(
        errs, "name", emptyToNull(n.getName()), emptyToNull(o.getName()), nullToEmpty(n.getName()));
    immutable(
        errs,
        "namespace",
        emptyToNull(n.getNamespace()),
        emptyToNull(o.getNamespace()),
        nullToEmpty(n.getNamespace()));
    immutable(
        errs, "uid", emptyToNull(n.getUid()), emptyToNull(o.getUid()), nullToEmpty(n.getUid()));
    immutable(
        errs,
        "creationTimestamp",
        instant(n.getCreationTimestamp()),
        instant(o.getCreationTimestamp()),
        GoValue.time(n.getCreationTimestamp()));
    immutable(
        errs,
        "deletionTimestamp",
        instant(n.getDeletionTimestamp()),
        instant(o.getDeletionTimestamp()),
        n.getDeletionTimestamp() == null
            ? new GoValue("null")
            : GoValue.time(n.getDeletionTimestamp()));
    immutable(
        errs,
        "deletionGracePeriodSeconds",
        n.getDeletionGracePeriodSeconds(),
        o.getDeletionGracePeriodSeconds(),
        GoValue.pointer(n.getDeletionGracePeriodSeconds()));
    errs.addAll(validateLabels(n.getLabels(), META.child("labels")));
    errs.addAll(validateAnnotations(n.getAnnotations(), META.child("annotations")));
    errs.addAll(validateOwnerReferences(n.getOwnerReferences(), META.child("ownerReferences")));
    errs.addAll(validateManagedFields(n.getManagedFields(), META.child("managedFields")));
    if (coreFinalizers) {
      errs.addAll(validateKubeFinalizerNames(n.getFinalizers(), META.child("finalizers")));
    }
    return errs;
  }

  /** Label keys must be qualified names and values label values; errors point at the map. */
  static List<FieldError> validateLabels(Map<String, String> labels, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (labels == null) {
      return errs;
    }
    // kube walks a Go map in random order; sorted keys keep our messages stable
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      errs.addAll(validateLabelName(e.getKey(), path));
      String value = e.getValue() == null ? "" : e.getValue();
      for (String msg : Names.isLabelValue(value)) {
        errs.add(FieldError.invalid(path.toString(), value, msg));
      }
    }
    return errs;
  }

  static List<FieldError> validateLabelName(String name, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String n = name == null ? "" : name;
    for (String msg : Names.isQualifiedName(n)) {
      errs.add(FieldError.invalid(path.toString(), n, msg));
    }
    return errs;
  }

  /** Keys are qualified names (case-insensitively); keys and values total at most 256 KiB. */
  static List<FieldError> validateAnnotations(Map<String, String> annotations, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (annotations == null) {
      return errs;
    }
    long total = 0;
    for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
      for (String msg : Names.isQualifiedName(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
        errs.add(FieldError.invalid(path.toString(), e.getKey(), msg));
      }
      total += Names.byteLength(e.getKey());
      total += e.getValue() == null ? 0 : Names.byteLength(e.getValue());
    }
    if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
      errs.add(FieldError.tooLong(path.toString(), "", TOTAL_ANNOTATION_SIZE_LIMIT));
    }
    return errs;
  }

  static List<FieldError> validateOwnerReferences(List<OwnerReference> refs, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (refs == null) {
      return errs;
    }
    String firstController = null;
    for (OwnerReference ref : refs) {
      errs.addAll(validateOwnerReference(ref, path));
      if (Boolean.TRUE.equals(ref.getController())) {
        String current = ref.getKind() + "/" + ref.getName();
        if (firstController != null) {
          errs.add(
              FieldError.invalid(
                  path.toString(),
                  GoValue.ownerReferences(refs),
                  "Only one reference can have Controller set to true. Found \"true\" in"
                      + " references for "
                      + firstController
                      + " and "
                      + current));
        } else {
          firstController = current;
        }
      }
    }
    return errs;
  }

  private static List<FieldError> validateOwnerReference(OwnerReference ref, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String apiVersion = nullToEmpty(ref.getApiVersion());
    String kind = nullToEmpty(ref.getKind());
    // Fabric8 fills a missing apiVersion and kind with "v1" and "OwnerReference" when it decodes
    // an owner reference; no such kind exists, so that pair means both were left out
    if (kind.equals(FABRIC8_PLACEHOLDER_KIND)) {
      kind = "";
      if (apiVersion.equals("v1")) {
        apiVersion = "";
      }
    }
    String[] groupVersion = parseGroupVersion(apiVersion);
    if (groupVersion[1].isEmpty()) {
      errs.add(
          FieldError.invalid(
              path.child("apiVersion").toString(), apiVersion, "version must not be empty"));
    }
    if (kind.isEmpty()) {
      errs.add(FieldError.invalid(path.child("kind").toString(), kind, "must not be empty"));
    }
    if (nullToEmpty(ref.getName()).isEmpty()) {
      errs.add(FieldError.invalid(path.child("name").toString(), "", "must not be empty"));
    }
    if (nullToEmpty(ref.getUid()).isEmpty()) {
      errs.add(FieldError.invalid(path.child("uid").toString(), "", "must not be empty"));
    }
    // core/v1 events may not own anything: they are garbage collected on their own schedule
    if (groupVersion[0].isEmpty() && groupVersion[1].equals("v1") && kind.equals("Event")) {
      errs.add(
          FieldError.invalid(
              path.toString(),
              GoValue.ownerReference(ref),
              "/v1, Kind=Event is disallowed from being an owner"));
    }
    return errs;
  }

  /** {group, version} as apimachinery's {@code ParseGroupVersion}; both empty when invalid. */
  static String[] parseGroupVersion(String apiVersion) {
    if (apiVersion.isEmpty() || apiVersion.equals("/")) {
      return new String[] {"", ""};
    }
    String[] parts = apiVersion.split("/", -1);
    return switch (parts.length) {
      case 1 -> new String[] {"", parts[0]};
      case 2 -> new String[] {parts[0], parts[1]};
      default -> new String[] {"", ""};
    };
  }

  /** apimachinery's finalizer check: qualified names, and not both orphan and foreground. */
  static List<FieldError> validateFinalizers(List<String> finalizers, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (finalizers == null) {
      return errs;
    }
    boolean orphan = false;
    boolean foreground = false;
    for (String finalizer : finalizers) {
      String f = nullToEmpty(finalizer);
      for (String msg : Names.isQualifiedName(f)) {
        errs.add(FieldError.invalid(path.toString(), f, msg));
      }
      orphan |= f.equals("orphan");
      foreground |= f.equals("foregroundDeletion");
    }
    if (orphan && foreground) {
      errs.add(
          FieldError.invalid(
              path.toString(),
              GoValue.stringSlice(finalizers),
              "finalizer orphan and foregroundDeletion cannot be both set"));
    }
    return errs;
  }

  /** kube core's rule: an unqualified finalizer must be one of the standard ones. */
  static List<FieldError> validateKubeFinalizerNames(List<String> finalizers, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (finalizers == null) {
      return errs;
    }
    for (int i = 0; i < finalizers.size(); i++) {
      String f = nullToEmpty(finalizers.get(i));
      if (!f.contains("/") && !STANDARD_FINALIZERS.contains(f)) {
        errs.add(
            FieldError.invalid(
                path.index(i).toString(),
                f,
                "name is neither a standard finalizer name nor is it fully qualified"));
      }
    }
    return errs;
  }

  private static List<FieldError> validateManagedFields(
      List<ManagedFieldsEntry> entries, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (entries == null) {
      return errs;
    }
    for (int i = 0; i < entries.size(); i++) {
      ManagedFieldsEntry e = entries.get(i);
      FieldPath p = path.index(i);
      String operation = nullToEmpty(e.getOperation());
      if (!operation.equals("Apply") && !operation.equals("Update")) {
        errs.add(
            FieldError.invalid(
                p.child("operation").toString(), operation, "must be `Apply` or `Update`"));
      }
      String fieldsType = nullToEmpty(e.getFieldsType());
      if (!fieldsType.isEmpty() && !fieldsType.equals("FieldsV1")) {
        errs.add(
            FieldError.invalid(p.child("fieldsType").toString(), fieldsType, "must be `FieldsV1`"));
      }
      errs.addAll(validateFieldManager(nullToEmpty(e.getManager()), p.child("manager")));
      String subresource = nullToEmpty(e.getSubresource());
      if (Names.byteLength(subresource) > 256) {
        errs.add(FieldError.tooLong(p.child("subresource").toString(), subresource, 256));
      }
    }
    return errs;
  }

  private static List<FieldError> validateFieldManager(String manager, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (Names.byteLength(manager) > 128) {
      errs.add(FieldError.tooLong(path.toString(), manager, 128));
    }
    int bytePos = 0;
    for (int i = 0; i < manager.length(); ) {
      int cp = manager.codePointAt(i);
      if (Character.isISOControl(cp) || !Character.isDefined(cp)) {
        errs.add(
            FieldError.invalid(
                path.toString(),
                manager,
                String.format("invalid character U+%04X (at position %d)", cp, bytePos)));
      }
      bytePos += Names.byteLength(new String(Character.toChars(cp)));
      i += Character.charCount(cp);
    }
    return errs;
  }

  private static void immutable(
      List<FieldError> errs, String field, Object newVal, Object oldVal, Object rendered) {
    if (!Objects.equals(newVal, oldVal)) {
      errs.add(FieldError.invalid(META.child(field).toString(), rendered, FIELD_IMMUTABLE));
    }
  }

  /** Timestamps compare as instants, as kube's semantic equality compares times. */
  private static Object instant(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      return rfc3339;
    }
  }

  static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }

  static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  static Set<String> asSet(List<String> list) {
    return new HashSet<>(nonNull(list));
  }
}
