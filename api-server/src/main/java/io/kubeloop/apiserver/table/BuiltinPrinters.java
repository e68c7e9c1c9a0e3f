package io.kubeloop.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;

/** The columns kubectl shows for built-in kinds, computed as kube's printers compute them. */
public final class BuiltinPrinters {

  private BuiltinPrinters() {}

  /** The printer of {@code group/plural}, or {@link Printer#DEFAULT}. */
  public static Printer forResource(String group, String plural) {
    return switch (group + "/" + plural) {
      case "/pods" -> printer(PODS, BuiltinPrinters::pod);
      case "apps/deployments" -> printer(DEPLOYMENTS, BuiltinPrinters::deployment);
      case "apps/replicasets" -> printer(REPLICASETS, BuiltinPrinters::replicaSet);
      case "/nodes" -> printer(NODES, BuiltinPrinters::node);
      case "/namespaces" ->
          printer(
              NAMESPACES,
              (o, now) -> List.of(name(o), o.path("status").path("phase").asText(""), age(o, now)));
      case "/configmaps" ->
          printer(
              CONFIGMAPS,
              (o, now) ->
                  List.of(
                      name(o),
                      (long) (o.path("data").size() + o.path("binaryData").size()),
                      age(o, now)));
      case "/secrets" ->
          printer(
              SECRETS,
              (o, now) ->
                  List.of(
                      name(o),
                      o.path("type").asText(""),
                      (long) o.path("data").size(),
                      age(o, now)));
      case "/services" -> printer(SERVICES, BuiltinPrinters::service);
      case "/serviceaccounts" ->
          printer(
              SERVICEACCOUNTS,
              (o, now) -> List.of(name(o), (long) o.path("secrets").size(), age(o, now)));
      case "/events" -> printer(EVENTS, BuiltinPrinters::event);
      case "coordination.k8s.io/leases" ->
          printer(
              LEASES,
              (o, now) ->
                  List.of(name(o), o.path("spec").path("holderIdentity").asText(""), age(o, now)));
      case "apiextensions.k8s.io/customresourcedefinitions" ->
          printer(
              CRDS,
              (o, now) ->
                  List.of(name(o), o.path("metadata").path("creationTimestamp").asText("")));
      default -> Printer.DEFAULT;
    };
  }

  private static Printer printer(
      List<Column> columns, BiFunction<JsonNode, Instant, List<Object>> cells) {
    return new Printer() {
      @Override
      public List<Column> columns() {
        return columns;
      }

      @Override
      public List<Object> cells(JsonNode object, Instant now) {
        return cells.apply(object, now);
      }
    };
  }

  private static final List<Column> PODS =
      List.of(
          Column.nameColumn(),
          Column.of(
              "Ready",
              "string",
              "The aggregate readiness state of this pod for accepting traffic."),
          Column.of("Status", "string", "The aggregate status of the containers in this pod."),
          Column.of(
              "Restarts",
              "string",
              "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
          Column.age(),
          Column.wide("IP", "string", "The IP address assigned to this pod."),
          Column.wide("Node", "string", "The node the pod is bound to."),
          Column.wide("Nominated Node", "string", "The node the pod would preempt others on."),
          Column.wide("Readiness Gates", "string", "The readiness gates of this pod."));

  private static final List<Column> DEPLOYMENTS =
      List.of(
          Column.nameColumn(),
          Column.of("Ready", "string", "Number of the pod with ready state"),
          Column.of(
              "Up-to-date",
              "integer",
              "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
          Column.of(
              "Available",
              "integer",
              "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
          Column.age(),
          Column.wide("Containers", "string", "Names of each container in the template."),
          Column.wide("Images", "string", "Images referenced by each container in the template."),
          Column.wide("Selector", "string", "Label selector for pods."));

  private static final List<Column> REPLICASETS =
      List.of(
          Column.nameColumn(),
          Column.of("Desired", "integer", "Number of desired pods."),
          Column.of("Current", "integer", "Number of actual replicas."),
          Column.of("Ready", "integer", "The number of ready replicas for this replica set."),
          Column.age(),
          Column.wide("Containers", "string", "Names of each container in the template."),
          Column.wide("Images", "string", "Images referenced by each container in the template."),
          Column.wide("Selector", "string", "Label selector for pods."));

  private static final List<Column> NODES =
      List.of(
          Column.nameColumn(),
          Column.of("Status", "string", "The status of the node"),
          Column.of("Roles", "string", "The roles of the node"),
          Column.age(),
          Column.of("Version", "string", "Kubelet Version reported by the node."),
          Column.wide("Internal-IP", "string", "List of addresses reachable to the node"),
          Column.wide("External-IP", "string", "List of addresses reachable to the node"),
          Column.wide("OS-Image", "string", "OS Image reported by the node from /etc/os-release."),
          Column.wide(
              "Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r'."),
          Column.wide(
              "Container-Runtime",
              "string",
              "Container Runtime Version reported by the node through runtime remote API."));

  private static final List<Column> NAMESPACES =
      List.of(
          Column.nameColumn(),
          Column.of("Status", "string", "The status of the namespace"),
          Column.age());

  private static final List<Column> CONFIGMAPS =
      List.of(
          Column.nameColumn(),
          Column.of("Data", "string", "Data contains the configuration data."),
          Column.age());

  private static final List<Column> SECRETS =
      List.of(
          Column.nameColumn(),
          Column.of("Type", "string", "Used to facilitate programmatic handling of secret data."),
          Column.of("Data", "string", "Data contains the secret data."),
          Column.age());

  private static final List<Column> SERVICES =
      List.of(
          Column.nameColumn(),
          Column.of("Type", "string", "The type of the service."),
          Column.of("Cluster-IP", "string", "The IP address of the service."),
          Column.of("External-IP", "string", "The external IP address of the service."),
          Column.of("Port(s)", "string", "The ports exposed by the service."),
          Column.age(),
          Column.wide(
              "Selector",
              "string",
              "Route service traffic to pods with label keys and values matching this selector."));

  private static final List<Column> SERVICEACCOUNTS =
      List.of(
          Column.nameColumn(),
          Column.of(
              "Secrets",
              "string",
              "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."),
          Column.age());

  private static final List<Column> EVENTS =
      List.of(
          Column.of("Last Seen", "string", "The last time this event was seen."),
          Column.of(
              "Type",
              "string",
              "Type of this event (Normal, Warning), new types could be added in the future."),
          Column.of(
              "Reason",
              "string",
              "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
          Column.of("Object", "string", "The object this Event is about."),
          Column.of(
              "Message", "string", "A human-readable description of the status of this operation."),
          Column.wide("Subobject", "string", "The field of the object this Event is about."),
          Column.wide("Source", "string", "The component reporting this event."),
          Column.wide("First Seen", "string", "The first time this event was seen."),
          Column.wide("Count", "string", "The number of times this event has occurred."),
          Column.wide("Name", "string", "The name of this event."));

  private static final List<Column> LEASES =
      List.of(
          Column.nameColumn(),
          Column.of("Holder", "string", "The holder of the lease."),
          Column.age());

  private static final List<Column> CRDS =
      List.of(
          Column.nameColumn(),
          Column.of(
              "Created At",
              "date",
              "CreationTimestamp is a timestamp representing the server time when this object was created."));

  // ---------------------------------------------------------------- rows

  private static String name(JsonNode o) {
    return o.path("metadata").path("name").asText("");
  }

  private static String age(JsonNode o, Instant now) {
    return Durations.since(o.path("metadata").path("creationTimestamp").asText(""), now);
  }

  private static String orNone(String s) {
    return s == null || s.isEmpty() ? "<none>" : s;
  }

  /** kube's printPod: readiness, the most telling container state, restarts. */
  static List<Object> pod(JsonNode pod, Instant now) {
    JsonNode spec = pod.path("spec");
    JsonNode status = pod.path("status");
    int total = spec.path("containers").size();
    int ready = 0;
    long restarts = 0;
    String reason = status.path("phase").asText("");
    if (!status.path("reason").asText("").isEmpty()) {
      reason = status.path("reason").asText();
    }
    boolean initializing = false;
    JsonNode inits = status.path("initContainerStatuses");
    for (int i = 0; i < inits.size(); i++) {
      JsonNode c = inits.get(i);
      restarts += c.path("restartCount").asLong(0);
      JsonNode terminated = c.path("state").path("terminated");
      JsonNode waiting = c.path("state").path("waiting");
      if (!terminated.isMissingNode() && terminated.path("exitCode").asInt(0) == 0) {
        continue;
      }
      if (!terminated.isMissingNode()) {
        reason =
            "Init:"
                + terminated
                    .path("reason")
                    .asText("ExitCode:" + terminated.path("exitCode").asInt());
      } else if (!waiting.path("reason").asText("").isEmpty()
          && !waiting.path("reason").asText().equals("PodInitializing")) {
        reason = "Init:" + waiting.path("reason").asText();
      } else {
        reason = "Init:" + i + "/" + spec.path("initContainers").size();
      }
      initializing = true;
      break;
    }
    if (!initializing) {
      boolean running = false;
      JsonNode statuses = status.path("containerStatuses");
      for (int i = statuses.size() - 1; i >= 0; i--) {
        JsonNode c = statuses.get(i);
        restarts += c.path("restartCount").asLong(0);
        JsonNode waiting = c.path("state").path("waiting");
        JsonNode terminated = c.path("state").path("terminated");
        if (!waiting.path("reason").asText("").isEmpty()) {
          reason = waiting.path("reason").asText();
        } else if (!terminated.isMissingNode()) {
          String r = terminated.path("reason").asText("");
          if (r.isEmpty()) {
            int signal = terminated.path("signal").asInt(0);
            r =
                signal != 0
                    ? "Signal:" + signal
                    : "ExitCode:" + terminated.path("exitCode").asInt(0);
          }
          reason = r;
        } else if (c.path("ready").asBoolean(false)
            && !c.path("state").path("running").isMissingNode()) {
          running = true;
          ready++;
        }
      }
      if (reason.equals("Completed") && running) {
        reason = "Running";
      }
    }
    if (!pod.path("metadata").path("deletionTimestamp").asText("").isEmpty()) {
      reason = "NodeLost".equals(status.path("reason").asText()) ? "Unknown" : "Terminating";
    }
    List<Object> cells = new ArrayList<>();
    cells.add(name(pod));
    cells.add(ready + "/" + total);
    cells.add(reason);
    cells.add(Long.toString(restarts));
    cells.add(age(pod, now));
    cells.add(orNone(status.path("podIP").asText("")));
    cells.add(orNone(spec.path("nodeName").asText("")));
    cells.add(orNone(status.path("nominatedNodeName").asText("")));
    cells.add(
        spec.path("readinessGates").isEmpty() ? "<none>" : spec.path("readinessGates").size() + "");
    return cells;
  }

  private static List<Object> deployment(JsonNode d, Instant now) {
    JsonNode status = d.path("status");
    long desired = d.path("spec").path("replicas").asLong(0);
    JsonNode template = d.path("spec").path("template").path("spec");
    return List.of(
        name(d),
        status.path("readyReplicas").asLong(0) + "/" + desired,
        status.path("updatedReplicas").asLong(0),
        status.path("availableReplicas").asLong(0),
        age(d, now),
        containerField(template, "name"),
        containerField(template, "image"),
        selector(d.path("spec").path("selector")));
  }

  private static List<Object> replicaSet(JsonNode rs, Instant now) {
    JsonNode status = rs.path("status");
    JsonNode template = rs.path("spec").path("template").path("spec");
    return List.of(
        name(rs),
        rs.path("spec").path("replicas").asLong(0),
        status.path("replicas").asLong(0),
        status.path("readyReplicas").asLong(0),
        age(rs, now),
        containerField(template, "name"),
        containerField(template, "image"),
        selector(rs.path("spec").path("selector")));
  }

  private static String containerField(JsonNode podSpec, String field) {
    List<String> values = new ArrayList<>();
    podSpec.path("containers").forEach(c -> values.add(c.path(field).asText("")));
    return String.join(",", values);
  }

  /** A LabelSelector in query form, as kubectl shows it. */
  private static String selector(JsonNode selector) {
    List<String> terms = new ArrayList<>();
    selector
        .path("matchLabels")
        .properties()
        .forEach(e -> terms.add(e.getKey() + "=" + e.getValue().asText()));
    for (JsonNode expr : selector.path("matchExpressions")) {
      String key = expr.path("key").asText();
      List<String> values = new ArrayList<>();
      expr.path("values").forEach(v -> values.add(v.asText()));
      switch (expr.path("operator").asText()) {
        case "In" -> terms.add(key + " in (" + String.join(",", new TreeSet<>(values)) + ")");
        case "NotIn" -> terms.add(key + " notin (" + String.join(",", new TreeSet<>(values)) + ")");
        case "Exists" -> terms.add(key);
        case "DoesNotExist" -> terms.add("!" + key);
        default -> {}
      }
    }
    return terms.isEmpty() ? "<none>" : String.join(",", terms);
  }

  private static List<Object> node(JsonNode node, Instant now) {
    JsonNode status = node.path("status");
    String ready = "Unknown";
    for (JsonNode c : status.path("conditions")) {
      if ("Ready".equals(c.path("type").asText())) {
        ready =
            switch (c.path("status").asText()) {
              case "True" -> "Ready";
              case "False" -> "NotReady";
              default -> "Unknown";
            };
      }
    }
    if (node.path("spec").path("unschedulable").asBoolean(false)) {
      ready += ",SchedulingDisabled";
    }
    TreeSet<String> roles = new TreeSet<>();
    for (Map.Entry<String, JsonNode> label : node.path("metadata").path("labels").properties()) {
      if (label.getKey().startsWith("node-role.kubernetes.io/")) {
        String role = label.getKey().substring("node-role.kubernetes.io/".length());
        if (!role.isEmpty()) {
          roles.add(role);
        }
      } else if (label.getKey().equals("kubernetes.io/role")) {
        roles.add(label.getValue().asText());
      }
    }
    String internal = "<none>";
    String external = "<none>";
    for (JsonNode a : status.path("addresses")) {
      if ("InternalIP".equals(a.path("type").asText()) && internal.equals("<none>")) {
        internal = a.path("address").asText();
      } else if ("ExternalIP".equals(a.path("type").asText()) && external.equals("<none>")) {
        external = a.path("address").asText();
      }
    }
    JsonNode info = status.path("nodeInfo");
    return List.of(
        name(node),
        ready,
        roles.isEmpty() ? "<none>" : String.join(",", roles),
        age(node, now),
        info.path("kubeletVersion").asText(""),
        internal,
        external,
        orNone(info.path("osImage").asText("")),
        orNone(info.path("kernelVersion").asText("")),
        orNone(info.path("containerRuntimeVersion").asText("")));
  }

  private static List<Object> service(JsonNode svc, Instant now) {
    JsonNode spec = svc.path("spec");
    String type = spec.path("type").asText("ClusterIP");
    String external = "<none>";
    List<String> ips = new ArrayList<>();
    spec.path("externalIPs").forEach(ip -> ips.add(ip.asText()));
    if (type.equals("LoadBalancer")) {
      for (JsonNode ingress : svc.path("status").path("loadBalancer").path("ingress")) {
        ips.add(ingress.path("ip").asText(ingress.path("hostname").asText("")));
      }
      external = ips.isEmpty() ? "<pending>" : String.join(",", ips);
    } else if (type.equals("ExternalName")) {
      external = spec.path("externalName").asText("<none>");
    } else if (!ips.isEmpty()) {
      external = String.join(",", ips);
    }
    List<String> ports = new ArrayList<>();
    for (JsonNode p : spec.path("ports")) {
      String port = p.path("port").asText();
      if (p.hasNonNull("nodePort")) {
        port += ":" + p.path("nodePort").asText();
      }
      ports.add(port + "/" + p.path("protocol").asText("TCP"));
    }
    List<String> selector = new ArrayList<>();
    spec.path("selector")
        .properties()
        .forEach(e -> selector.add(e.getKey() + "=" + e.getValue().asText()));
    return List.of(
        name(svc),
        type,
        orNone(spec.path("clusterIP").asText("")),
        external,
        ports.isEmpty() ? "<none>" : String.join(",", ports),
        age(svc, now),
        selector.isEmpty() ? "<none>" : String.join(",", selector));
  }

  private static List<Object> event(JsonNode e, Instant now) {
    String last = e.path("lastTimestamp").asText("");
    if (last.isEmpty()) {
      last = e.path("eventTime").asText(e.path("metadata").path("creationTimestamp").asText(""));
    }
    String first = e.path("firstTimestamp").asText(last);
    JsonNode involved = e.path("involvedObject");
    String object =
        involved.path("kind").asText("").toLowerCase(java.util.Locale.ROOT)
            + "/"
            + involved.path("name").asText("");
    String source =
        e.path("source").path("component").asText(e.path("reportingComponent").asText(""));
    if (!e.path("source").path("host").asText("").isEmpty()) {
      source += ", " + e.path("source").path("host").asText();
    }
    return List.of(
        Durations.since(last, now),
        e.path("type").asText(""),
        e.path("reason").asText(""),
        object,
        e.path("message").asText("").strip(),
        involved.path("fieldPath").asText(""),
        source,
        Durations.since(first, now),
        Long.toString(Math.max(1, e.path("count").asLong(1))),
        name(e));
  }
}
