package io.kubeloop.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.apiserver.errors.GroupResource;
import io.kubeloop.apiserver.resource.ResourceRegistry;
import io.kubeloop.apiserver.resource.ResourceType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Serves {@code /openapi/v2} and {@code /openapi/v3} for the resources a registry holds, built-in
 * (from their Fabric8 model classes) and custom (from their CRDs' schemas), the way kube-apiserver
 * does:
 *
 * <ul>
 *   <li>{@code /openapi/v2}: the Swagger 2.0 document as JSON or, when the Accept header asks for
 *       it as client-go and kubectl do, as gnostic protobuf ({@code
 *       application/com.github.proto-openapi.spec.v2.v1.0+protobuf}, also under its deprecated
 *       {@code @v1.0} name); 406 when neither is acceptable.
 *   <li>{@code /openapi/v3}: the discovery document mapping each group version ({@code api/v1},
 *       {@code apis/apps/v1}...) to {@code /openapi/v3/<gv>?hash=<etag>}.
 *   <li>{@code /openapi/v3/<gv>}: the group version's OpenAPI 3.0 document (JSON only; 406
 *       otherwise). With {@code ?hash=} equal to the current ETag the answer is {@code
 *       Cache-Control: public, immutable} and expires in a year; a stale hash is redirected (301)
 *       to the current one. Unknown group versions are 404.
 * </ul>
 *
 * Every document carries a quoted ETag (the upper-case hex SHA-512 of its JSON) and answers a
 * matching {@code If-None-Match} with 304.
 *
 * <p>Documents are built on first request and cached. The cache is rebuilt when the registry's
 * resources change, when a served CRD's uid or generation changes (both checked on each request, so
 * CRD updates need no call), or after {@link #invalidate()}.
 *
 * <p>Thread-safe. Building happens under a lock, on the requesting thread; it is CPU work only.
 */
public final class OpenApiService {

  static final String PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
  static final String PROTOBUF_DEPRECATED =
      "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
  static final String JSON = "application/json";

  /** HTTP's IMF-fixdate, e.g. {@code Fri, 01 Jan 2027 00:00:00 GMT}. */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private final ResourceRegistry registry;
  private final Function<GroupResource, Optional<JsonNode>> crdLookup;
  private final InstantSource clock;
  private final AtomicLong generation = new AtomicLong();
  private final ReentrantLock buildLock = new ReentrantLock();
  private volatile Snapshot current;

  private record Fingerprint(long generation, List<ResourceType> types, List<String> crds) {}

  private record Snapshot(Fingerprint fingerprint, Documents documents, Instant built) {}

  /**
   * @param crdLookup the CustomResourceDefinition object (as stored, JSON) serving a custom
   *     resource, i.e. a resource whose {@link ResourceType#javaType()} is null or not a Fabric8
   *     model class; empty if there is none. Called on every request (to notice CRD updates), so it
   *     should be a cache read.
   * @param clock for Last-Modified and Expires
   */
  public OpenApiService(
      ResourceRegistry registry,
      Function<GroupResource, Optional<JsonNode>> crdLookup,
      InstantSource clock) {
    this.registry = registry;
    this.crdLookup = crdLookup;
    this.clock = clock;
  }

  public OpenApiService(
      ResourceRegistry registry, Function<GroupResource, Optional<JsonNode>> crdLookup) {
    this(registry, crdLookup, InstantSource.system());
  }

  /** Drops the cached documents; the next request rebuilds them. */
  public void invalidate() {
    generation.incrementAndGet();
  }

  /** {@link #serve(String, String, String, String)} without {@code If-None-Match}. */
  public Optional<OpenApiResponse> serve(String path, String query, String accept) {
    return serve(path, query, accept, null);
  }

  /**
   * Answers a GET of an OpenAPI path.
   *
   * @param path the request path, e.g. {@code /openapi/v3/apis/apps/v1}
   * @param query the raw query string without {@code ?}, or null
   * @param accept the Accept header, or null
   * @param ifNoneMatch the If-None-Match header, or null
   * @return the response, or empty if {@code path} is not an OpenAPI path (neither {@code
   *     /openapi/v2} nor under {@code /openapi/v3})
   */
  public Optional<OpenApiResponse> serve(
      String path, String query, String accept, String ifNoneMatch) {
    String p =
        path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    if (p.equals("/openapi/v2")) {
      return Optional.of(serveV2(accept, ifNoneMatch));
    }
    if (p.equals("/openapi/v3")) {
      Snapshot s = snapshot();
      Documents.Doc doc = s.documents().v3Discovery();
      return Optional.of(document(doc, doc.json(), JSON, ifNoneMatch, s, false));
    }
    if (p.startsWith("/openapi/v3/")) {
      return Optional.of(serveV3(p.substring("/openapi/v3/".length()), query, accept, ifNoneMatch));
    }
    return Optional.empty();
  }

  private OpenApiResponse serveV2(String accept, String ifNoneMatch) {
    String type = MediaRanges.negotiate(accept, List.of(JSON, PROTOBUF_DEPRECATED, PROTOBUF));
    if (type == null) {
      return notAcceptable();
    }
    Snapshot s = snapshot();
    Documents.Doc doc = s.documents().v2();
    Map<String, String> vary = Map.of("Vary", "Accept");
    if (type.equals(JSON)) {
      return withHeaders(document(doc, doc.json(), JSON, ifNoneMatch, s, false), vary);
    }
    byte[] body = matches(ifNoneMatch, doc.etag()) ? new byte[0] : s.documents().v2Protobuf();
    return withHeaders(document(doc, body, PROTOBUF, ifNoneMatch, s, false), vary);
  }

  private OpenApiResponse serveV3(
      String groupVersion, String query, String accept, String ifNoneMatch) {
    Snapshot s = snapshot();
    Optional<Documents.Doc> found = s.documents().v3(groupVersion);
    if (found.isEmpty()) {
      return new OpenApiResponse(
          404,
          "text/plain; charset=utf-8",
          Map.of("Cache-Control", "no-cache, private"),
          "404 page not found\n".getBytes(StandardCharsets.UTF_8));
    }
    if (MediaRanges.negotiate(accept, List.of(JSON)) == null) {
      return notAcceptable();
    }
    Documents.Doc doc = found.get();
    String hash = queryParameter(query, "hash");
    if (hash != null && !hash.isEmpty() && !hash.equals(doc.etag())) {
      return new OpenApiResponse(
          301,
          null,
          Map.of(
              "Location",
              "/openapi/v3/" + groupVersion + "?hash=" + doc.etag(),
              "Cache-Control",
              "no-cache, private"),
          new byte[0]);
    }
    boolean immutable = hash != null && !hash.isEmpty();
    return withHeaders(
        document(doc, doc.json(), JSON, ifNoneMatch, s, immutable), Map.of("Vary", "Accept"));
  }

  private OpenApiResponse document(
      Documents.Doc doc,
      byte[] body,
      String contentType,
      String ifNoneMatch,
      Snapshot s,
      boolean immutable) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ETag", "\"" + doc.etag() + "\"");
    headers.put("Last-Modified", HTTP_DATE.format(s.built()));
    if (immutable) {
      headers.put("Cache-Control", "public, immutable");
      headers.put("Expires", HTTP_DATE.format(clock.instant().atZone(ZoneOffset.UTC).plusYears(1)));
    } else {
      headers.put("Cache-Control", "no-cache, private");
    }
    if (matches(ifNoneMatch, doc.etag())) {
      return new OpenApiResponse(304, null, headers, new byte[0]);
    }
    return new OpenApiResponse(200, contentType, headers, body);
  }

  private static OpenApiResponse withHeaders(OpenApiResponse r, Map<String, String> extra) {
    Map<String, String> headers = new LinkedHashMap<>(r.headers());
    headers.putAll(extra);
    return new OpenApiResponse(r.status(), r.contentType(), headers, r.body());
  }

  private static OpenApiResponse notAcceptable() {
    return new OpenApiResponse(
        406, null, Map.of("Vary", "Accept", "Cache-Control", "no-cache, private"), new byte[0]);
  }

  /** Whether an If-None-Match header names the ETag (or is {@code *}). */
  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals("*") || c.equals("\"" + etag + "\"")) {
        return true;
      }
    }
    return false;
  }

  private static String queryParameter(String query, String name) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private Snapshot snapshot() {
    Fingerprint fingerprint = fingerprint();
    Snapshot s = current;
    if (s != null && s.fingerprint().equals(fingerprint)) {
      return s;
    }
    buildLock.lock();
    try {
      s = current;
      if (s == null || !s.fingerprint().equals(fingerprint)) {
        s =
            new Snapshot(
                fingerprint, Documents.build(fingerprint.types(), crdLookup), clock.instant());
        current = s;
      }
      return s;
    } finally {
      buildLock.unlock();
    }
  }

  /** What the documents depend on: the served resources and the identity of their CRDs' specs. */
  private Fingerprint fingerprint() {
    long gen = generation.get();
    List<ResourceType> types = List.copyOf(registry.all());
    List<String> crds = new ArrayList<>();
    for (ResourceType type : types) {
      if (!Documents.isBuiltIn(type.javaType())) {
        JsonNode meta =
            crdLookup.apply(type.groupResource()).map(c -> c.path("metadata")).orElse(null);
        crds.add(
            meta == null ? "" : meta.path("uid").asText() + "/" + meta.path("generation").asText());
      }
    }
    return new Fingerprint(gen, types, crds);
  }
}
