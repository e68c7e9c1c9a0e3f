package io.kubeloop.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.FieldError;
import io.kubeloop.apiserver.registry.DeleteOptions;
import io.kubeloop.apiserver.registry.ListOptions;
import io.kubeloop.apiserver.registry.ListResult;
import io.kubeloop.apiserver.registry.ResourceStore;
import io.kubeloop.apiserver.registry.Stores;
import io.kubeloop.apiserver.registry.WriteOptions;
import io.kubeloop.apiserver.registry.Written;
import io.kubeloop.apiserver.resource.ResourceType;
import io.kubeloop.apiserver.selection.FieldSelectorRegistry;
import io.kubeloop.apiserver.table.Tables;
import io.kubeloop.apiserver.watchcache.CachedObject;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Serves the verbs on one resource request: get, list, watch, create, update, patch, delete. */
final class ResourceHandler {

  private static final Set<String> FIELD_VALIDATION = Set.of("Ignore", "Warn", "Strict");

  private final Stores stores;
  private final Watches watches;
  private final Subresources subresources;
  private final FieldSelectorRegistry selectors;
  private final java.time.InstantSource clock;

  ResourceHandler(
      Stores stores,
      Watches watches,
      FieldSelectorRegistry selectors,
      java.time.InstantSource clock) {
    this.stores = stores;
    this.selectors = selectors;
    this.clock = clock;
    this.watches = watches;
    this.subresources = new Subresources(clock);
  }

  /** Handles a request whose path names a resource; {@code body} is already read and bounded. */
  void handle(HttpServerRequest request, RequestInfo info, byte[] body, MediaTypes media) {
    ResourceStore store = stores.find(info.group(), info.version(), info.resource());
    ResourceType type = store.type();
    VersionConverter versions =
        new VersionConverter(
            stores.registry().find(info.group(), info.version(), info.resource()).orElse(type),
            type);
    if (type.namespaced() && info.namespace().isEmpty() && !info.name().isEmpty()) {
      throw ApiException.notFoundPath();
    }
    if (!type.namespaced() && !info.namespace().isEmpty()) {
      throw ApiException.notFoundPath();
    }
    if (!info.subresource().isEmpty() && !type.hasSubresource(info.subresource())) {
      throw ApiException.notFoundPath();
    }
    if (type.namespaced() && !info.namespace().isEmpty()) {
      checkPathSegment("namespace", info.namespace());
    }
    if (!info.name().isEmpty()) {
      checkPathSegment("name", info.name());
    }
    MultiMap params = request.params();
    HttpMethod method = request.method();
    String ns = type.namespaced() ? info.namespace() : "";
    if (!info.subresource().isEmpty() && !info.subresource().equals("status")) {
      subresources.handle(request, store, ns, info, body, media);
      return;
    }
    if (method == HttpMethod.GET) {
      if (isWatch(params)) {
        watches.serve(request, store, renderer(request, versions), ns, info.name(), params, media);
      } else if (info.name().isEmpty()) {
        list(request, store, renderer(request, versions), ns, params, media);
      } else {
        CachedObject object = store.reader().get(ns, info.name(), params.get("resourceVersion"));
        Responses.send(
            request.response(), 200, media, renderer(request, versions).object(object.json()));
      }
    } else if (method == HttpMethod.POST && info.name().isEmpty()) {
      WriteOptions options = writeOptions(request, "CreateOptions");
      ObjectNode object = MediaTypes.readObject(body, request.getHeader("Content-Type"), type);
      List<String> warnings = FieldValidation.check(store, object, fieldValidation(params));
      Written written = store.create(ns, versions.in(object), options);
      reply(request, written, warnings, versions, media);
    } else if (method == HttpMethod.PUT && !info.name().isEmpty()) {
      WriteOptions options = writeOptions(request, "UpdateOptions");
      ObjectNode object = MediaTypes.readObject(body, request.getHeader("Content-Type"), type);
      List<String> warnings = FieldValidation.check(store, object, fieldValidation(params));
      Written written =
          store.update(ns, info.name(), info.subresource(), versions.in(object), options);
      reply(request, written, warnings, versions, media);
    } else if (method == HttpMethod.PATCH && !info.name().isEmpty()) {
      WriteOptions options = writeOptions(request, "PatchOptions");
      Patches.Outcome outcome =
          Patches.apply(
              store,
              versions,
              ns,
              info.name(),
              info.subresource(),
              request.getHeader("Content-Type"),
              body,
              fieldValidation(params),
              params.get("fieldManager"),
              params.get("force"),
              options);
      reply(request, outcome.written(), outcome.warnings(), versions, media);
    } else if (method == HttpMethod.DELETE && !info.name().isEmpty()) {
      Written written = store.delete(ns, info.name(), deleteOptions(request, body));
      reply(request, written, List.of(), versions, media);
    } else if (method == HttpMethod.DELETE) {
      deleteCollection(request, store, versions, ns, params, body, media);
    } else {
      throw ApiException.methodNotAllowed();
    }
  }

  private void list(
      HttpServerRequest request,
      ResourceStore store,
      Renderer renderer,
      String ns,
      MultiMap params,
      MediaTypes media) {
    ListResult result = store.reader().list(ns, listOptions(selectors, store.type(), params));
    Responses.send(request.response(), 200, media, renderer.list(result));
  }

  private Renderer renderer(HttpServerRequest request, VersionConverter versions) {
    return new Renderer(
        Representation.negotiate(request.getHeader("Accept")),
        versions,
        Tables.IncludeObject.parse(request.params().get("includeObject")),
        clock);
  }

  private void deleteCollection(
      HttpServerRequest request,
      ResourceStore store,
      VersionConverter versions,
      String ns,
      MultiMap params,
      byte[] body,
      MediaTypes media) {
    DeleteOptions options = deleteOptions(request, body);
    ListResult matching = store.reader().list(ns, listOptions(selectors, store.type(), params));
    List<CachedObject> deleted = new ArrayList<>();
    for (CachedObject object : matching.items()) {
      try {
        Written written = store.delete(object.namespace(), object.name(), options);
        deleted.add(
            new CachedObject(
                object.key(),
                object.namespace(),
                object.name(),
                object.labels(),
                object.fields(),
                object.revision(),
                Json.write(written.object())));
      } catch (ApiException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
    }
    Responses.send(
        request.response(),
        200,
        media,
        encodeList(versions, new ListResult(deleted, matching.revision(), "", null)));
  }

  private static void reply(
      HttpServerRequest request,
      Written written,
      List<String> warnings,
      VersionConverter versions,
      MediaTypes media) {
    Responses.warn(request.response(), warnings);
    Responses.send(
        request.response(), written.code(), media, Json.write(versions.out(written.object())));
  }

  /** The list JSON, with the cached object bytes spliced in as they are. */
  static byte[] encodeList(VersionConverter versions, ListResult result) {
    ResourceType type = versions.requested();
    Buffer buffer = Buffer.buffer(256 + result.items().size() * 512);
    buffer.appendString("{\"kind\":\"").appendString(type.listKind());
    buffer.appendString("\",\"apiVersion\":\"").appendString(type.apiVersion());
    buffer
        .appendString("\",\"metadata\":{\"resourceVersion\":\"")
        .appendString(Long.toString(result.revision()))
        .appendString("\"");
    if (!result.continueToken().isEmpty()) {
      buffer
          .appendString(",\"continue\":\"")
          .appendString(result.continueToken())
          .appendString("\"");
    }
    if (result.remainingItemCount() != null) {
      buffer
          .appendString(",\"remainingItemCount\":")
          .appendString(Long.toString(result.remainingItemCount()));
    }
    buffer.appendString("},\"items\":[");
    boolean first = true;
    for (CachedObject item : result.items()) {
      if (!first) {
        buffer.appendByte((byte) ',');
      }
      first = false;
      buffer.appendBytes(versions.out(item.json()));
    }
    buffer.appendString("]}");
    return buffer.getBytes();
  }

  static boolean isWatch(MultiMap params) {
    String watch = params.get("watch");
    return watch != null && (watch.equals("true") || watch.equals("1"));
  }

  static ListOptions listOptions(
      FieldSelectorRegistry selectors, ResourceType type, MultiMap params) {
    Selection selection =
        Selection.parse(selectors, type, params.get("labelSelector"), params.get("fieldSelector"));
    long limit = 0;
    String rawLimit = params.get("limit");
    if (rawLimit != null && !rawLimit.isEmpty()) {
      try {
        limit = Long.parseLong(rawLimit);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("invalid limit \"" + rawLimit + "\": must be an integer");
      }
    }
    return new ListOptions(
        nullToEmpty(params.get("resourceVersion")),
        nullToEmpty(params.get("resourceVersionMatch")),
        limit,
        nullToEmpty(params.get("continue")),
        selection.filter(),
        !selection.isEverything());
  }

  /**
   * The options of a write; its field manager is the {@code fieldManager} parameter or, as kube
   * defaults it, the User-Agent's prefix.
   */
  static WriteOptions writeOptions(HttpServerRequest request, String kind) {
    MultiMap params = request.params();
    boolean dryRun = dryRun(params, kind);
    String explicit = params.get("fieldManager");
    FieldManagers.validate(explicit, kind);
    return new WriteOptions(dryRun, FieldManagers.of(explicit, request.getHeader("User-Agent")));
  }

  private static boolean dryRun(MultiMap params, String kind) {
    List<String> values = params.getAll("dryRun");
    for (String value : values) {
      if (!value.equals("All")) {
        throw ApiException.invalid(
            kind,
            "meta.k8s.io",
            "",
            List.of(FieldError.notSupported("dryRun", values, List.of("All"))));
      }
    }
    return !values.isEmpty();
  }

  private static String fieldValidation(MultiMap params) {
    String value = params.get("fieldValidation");
    if (value == null || value.isEmpty()) {
      return "Warn";
    }
    if (!FIELD_VALIDATION.contains(value)) {
      throw ApiException.badRequest(
          "fieldValidation must be one of \"Ignore\", \"Warn\", or \"Strict\", got \""
              + value
              + "\"");
    }
    return value;
  }

  private static DeleteOptions deleteOptions(HttpServerRequest request, byte[] body) {
    MultiMap params = request.params();
    Long grace = null;
    String propagation = params.get("propagationPolicy");
    String uid = null;
    String rv = null;
    boolean dryRun = dryRun(params, "DeleteOptions");
    String graceParam = params.get("gracePeriodSeconds");
    if (graceParam != null && !graceParam.isEmpty()) {
      grace = parseGrace(graceParam);
    }
    if (body != null && body.length > 0) {
      String contentType = request.getHeader("Content-Type");
      // clients label delete bodies loosely: anything but protobuf is read as JSON
      JsonNode options =
          io.kubeloop.apiserver.protobuf.ProtobufBodies.isProtobuf(contentType)
              ? MediaTypes.readObject(body, contentType, true)
              : Json.readObject(body, false);
      if (options.hasNonNull("gracePeriodSeconds")) {
        grace = options.get("gracePeriodSeconds").asLong();
      }
      if (options.hasNonNull("propagationPolicy")) {
        propagation = options.get("propagationPolicy").asText();
      }
      if (options.path("orphanDependents").isBoolean() && propagation == null) {
        propagation = options.get("orphanDependents").asBoolean() ? "Orphan" : "Background";
      }
      JsonNode preconditions = options.path("preconditions");
      if (preconditions.hasNonNull("uid")) {
        uid = preconditions.get("uid").asText();
      }
      if (preconditions.hasNonNull("resourceVersion")) {
        rv = preconditions.get("resourceVersion").asText();
      }
      for (JsonNode value : options.path("dryRun")) {
        if (!value.asText().equals("All")) {
          throw ApiException.invalid(
              "DeleteOptions",
              "meta.k8s.io",
              "",
              List.of(FieldError.notSupported("dryRun", value.asText(), List.of("All"))));
        }
        dryRun = true;
      }
    }
    if (propagation != null
        && !propagation.equals("Orphan")
        && !propagation.equals("Background")
        && !propagation.equals("Foreground")) {
      throw ApiException.invalid(
          "DeleteOptions",
          "meta.k8s.io",
          "",
          List.of(
              FieldError.notSupported(
                  "propagationPolicy",
                  propagation,
                  List.of("Foreground", "Background", "Orphan"))));
    }
    if (grace != null && grace < 0) {
      grace = 0L;
    }
    return new DeleteOptions(grace, uid, rv, propagation, dryRun);
  }

  private static long parseGrace(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "invalid gracePeriodSeconds \"" + value + "\": must be an integer");
    }
  }

  /** Names and namespaces in paths may not contain what kube forbids in a path segment. */
  private static void checkPathSegment(String what, String value) {
    if (value.equals(".") || value.equals("..") || value.contains("%") || value.contains("/")) {
      throw ApiException.badRequest(
          what + " may not be '.' or '..' and may not contain '/' or '%': \"" + value + "\"");
    }
  }

  static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
