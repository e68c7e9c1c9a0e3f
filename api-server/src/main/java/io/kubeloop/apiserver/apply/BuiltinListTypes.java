package io.kubeloop.apiserver.apply;

import io.kubeloop.apiserver.apply.BuiltinSchemas.ListSchema;
import io.kubeloop.apiserver.apply.Schema.ListType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the lists, maps and structs of built-in types merge under server-side apply: kube's {@code
 * +listType}/{@code +listMapKey}, {@code +mapType} and {@code +structType} markers.
 *
 * <p>Most lists are read from the strategic merge patch table the patch package applies patches
 * with ({@code patchStrategy=merge} with a {@code patchMergeKey} is a map list keyed by it, without
 * one a set, no strategy an atomic list), which is how kube converts its OpenAPI for lists without
 * a list type. {@link #OVERRIDES} lists where kube's list markers differ from the patch tags: more
 * key fields (ports are keyed by port and protocol) or defaults for key fields.
 *
 * <p>Loaded once; immutable and thread-safe.
 */
final class BuiltinListTypes {

  private static final String MODEL = "io.fabric8.kubernetes.api.model.";
  private static final String PATCH_TABLE =
      "/io/kubeloop/apiserver/patch/strategic-merge-patch.txt";

  private record Override(ListType type, List<String> keys, Map<String, String> defaults) {}

  /** {@code <class>#<field>} → list markers that differ from the patch tags. */
  private static final Map<String, Override> OVERRIDES =
      Map.of(
          "Container#ports",
              new Override(ListType.MAP, List.of("containerPort", "protocol"), tcp()),
          "EphemeralContainer#ports",
              new Override(ListType.MAP, List.of("containerPort", "protocol"), tcp()),
          "ServiceSpec#ports", new Override(ListType.MAP, List.of("port", "protocol"), tcp()),
          "PodSpec#topologySpreadConstraints",
              new Override(ListType.MAP, List.of("topologyKey", "whenUnsatisfiable"), Map.of()));

  /** Structs kube marks {@code +structType=atomic}. */
  private static final Set<String> ATOMIC_STRUCTS =
      Set.of(
          "LabelSelector",
          "ObjectReference",
          "LocalObjectReference",
          "TypedLocalObjectReference",
          "TypedObjectReference",
          "ConfigMapKeySelector",
          "SecretKeySelector",
          "FileKeySelector",
          "ObjectFieldSelector",
          "ResourceFieldSelector",
          "NodeSelector",
          "NodeSelectorTerm",
          "TopologySelectorTerm",
          "SecretReference",
          "ConfigMapNodeConfigSource");

  /** Map fields kube marks {@code +mapType=atomic}. */
  private static final Set<String> ATOMIC_MAPS = Set.of("PodSpec#nodeSelector");

  /** {@code <class>#<field>} → patch merge key ("" for none) of fields with strategy merge. */
  private static final Map<String, String> MERGE_KEYS = loadMergeKeys();

  private BuiltinListTypes() {}

  private static Map<String, String> tcp() {
    return Map.of("protocol", "TCP");
  }

  static boolean atomicStruct(Class<?> type) {
    return type.getName().startsWith(MODEL)
        && ATOMIC_STRUCTS.contains(type.getName().substring(MODEL.length()));
  }

  static boolean atomicMap(Class<?> owner, String field) {
    return owner != null && ATOMIC_MAPS.contains(name(owner) + "#" + field);
  }

  /** The schema of the list in field {@code field} of {@code owner}, or of a nested list. */
  static Schema list(Class<?> owner, String field, Schema items) {
    if (owner == null) {
      return new ListSchema(items, ListType.ATOMIC, List.of(), Map.of());
    }
    String id = name(owner) + "#" + field;
    Override override = OVERRIDES.get(id);
    if (override != null) {
      return new ListSchema(items, override.type(), override.keys(), override.defaults());
    }
    String mergeKey = MERGE_KEYS.get(id);
    if (mergeKey == null) {
      return new ListSchema(items, ListType.ATOMIC, List.of(), Map.of());
    }
    if (!mergeKey.isEmpty()) {
      return new ListSchema(items, ListType.MAP, List.of(mergeKey), Map.of());
    }
    boolean scalars = items.kind() == Schema.Kind.SCALAR;
    return new ListSchema(items, scalars ? ListType.SET : ListType.ATOMIC, List.of(), Map.of());
  }

  /** A class's name relative to the model package, as the tables name it. */
  private static String name(Class<?> type) {
    String n = type.getName();
    int dot = n.lastIndexOf('.');
    return n.startsWith(MODEL) && dot == MODEL.length() - 1 ? n.substring(MODEL.length()) : n;
  }

  /**
   * Reads {@code <class> <field> <strategies> [<mergeKey>]} lines; only the fields whose strategy
   * includes {@code merge} matter here. Classes outside the core package keep their full name.
   */
  private static Map<String, String> loadMergeKeys() {
    Map<String, String> keys = new HashMap<>();
    Set<String> seen = new HashSet<>();
    try (InputStream in = BuiltinListTypes.class.getResourceAsStream(PATCH_TABLE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + PATCH_TABLE);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] c = trimmed.split("\\s+");
        if (c.length < 3) {
          throw new IllegalStateException(PATCH_TABLE + ": malformed line: " + line);
        }
        String owner = c[0].contains(".") ? MODEL + c[0] : c[0];
        String id = owner + "#" + c[1];
        if (seen.add(id) && List.of(c[2].split(",")).contains("merge")) {
          keys.put(id, c.length > 3 ? c[3] : "");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(keys);
  }
}
