package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.GRPCAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SleepAction;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;

/** Container probes and lifecycle hooks: exactly one handler each, sane thresholds. */
final class ProbeValidator {

  private ProbeValidator() {}

  enum Kind {
    LIVENESS,
    READINESS,
    STARTUP
  }

  static List<FieldError> validateProbe(Probe probe, Long gracePeriod, Kind kind, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (probe == null) {
      return errs;
    }
    errs.addAll(
        validateHandler(
            probe.getExec(),
            probe.getHttpGet(),
            probe.getTcpSocket(),
            probe.getGrpc(),
            null,
            gracePeriod,
            path));
    ContainerValidator.nonNegative(
        errs, probe.getInitialDelaySeconds(), path.child("initialDelaySeconds"));
    ContainerValidator.nonNegative(errs, probe.getTimeoutSeconds(), path.child("timeoutSeconds"));
    ContainerValidator.nonNegative(errs, probe.getPeriodSeconds(), path.child("periodSeconds"));
    ContainerValidator.nonNegative(
        errs, probe.getSuccessThreshold(), path.child("successThreshold"));
    ContainerValidator.nonNegative(
        errs, probe.getFailureThreshold(), path.child("failureThreshold"));
    Long tgps = probe.getTerminationGracePeriodSeconds();
    if (tgps != null && tgps <= 0) {
      errs.add(
          FieldError.invalid(
              path.child("terminationGracePeriodSeconds").toString(),
              tgps,
              "must be greater than 0"));
    }
    int success = probe.getSuccessThreshold() == null ? 0 : probe.getSuccessThreshold();
    if ((kind == Kind.LIVENESS || kind == Kind.STARTUP) && success != 1) {
      errs.add(FieldError.invalid(path.child("successThreshold").toString(), success, "must be 1"));
    }
    if (kind == Kind.READINESS && tgps != null) {
      errs.add(
          FieldError.invalid(
              path.child("terminationGracePeriodSeconds").toString(),
              tgps,
              "must not be set for readinessProbes"));
    }
    return errs;
  }

  static List<FieldError> validateLifecycle(Lifecycle l, Long gracePeriod, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    LifecycleHandler post = l.getPostStart();
    if (post != null) {
      errs.addAll(
          validateHandler(
              post.getExec(),
              post.getHttpGet(),
              post.getTcpSocket(),
              null,
              post.getSleep(),
              gracePeriod,
              path.child("postStart")));
    }
    LifecycleHandler pre = l.getPreStop();
    if (pre != null) {
      errs.addAll(
          validateHandler(
              pre.getExec(),
              pre.getHttpGet(),
              pre.getTcpSocket(),
              null,
              pre.getSleep(),
              gracePeriod,
              path.child("preStop")));
    }
    return errs;
  }

  private static List<FieldError> validateHandler(
      ExecAction exec,
      HTTPGetAction http,
      TCPSocketAction tcp,
      GRPCAction grpc,
      SleepAction sleep,
      Long gracePeriod,
      FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    int count = 0;
    if (exec != null) {
      count++;
      if (ObjectMetaValidator.nonNull(exec.getCommand()).isEmpty()) {
        errs.add(FieldError.required(path.child("exec", "command").toString(), ""));
      }
    }
    if (http != null) {
      if (count++ > 0) {
        errs.add(
            FieldError.forbidden(
                path.child("httpGet").toString(), "may not specify more than 1 handler type"));
      } else {
        errs.addAll(validateHttpGet(http, path.child("httpGet")));
      }
    }
    if (tcp != null) {
      if (count++ > 0) {
        errs.add(
            FieldError.forbidden(
                path.child("tcpSocket").toString(), "may not specify more than 1 handler type"));
      } else {
        errs.addAll(portNumOrName(tcp.getPort(), path.child("tcpSocket", "port")));
      }
    }
    if (grpc != null) {
      if (count++ > 0) {
        errs.add(
            FieldError.forbidden(
                path.child("grpc").toString(), "may not specify more than 1 handler type"));
      } else {
        int port = grpc.getPort() == null ? 0 : grpc.getPort();
        for (String msg : Names.isValidPortNum(port)) {
          errs.add(FieldError.invalid(path.child("grpc", "port").toString(), port, msg));
        }
      }
    }
    if (sleep != null) {
      if (count++ > 0) {
        errs.add(
            FieldError.forbidden(
                path.child("sleep").toString(), "may not specify more than 1 handler type"));
      } else {
        long seconds = sleep.getSeconds() == null ? 0 : sleep.getSeconds();
        if (gracePeriod != null && (seconds < 0 || seconds > gracePeriod)) {
          errs.add(
              FieldError.invalid(
                  path.child("sleep").toString(),
                  seconds,
                  "must be non-negative and less than terminationGracePeriodSeconds ("
                      + gracePeriod
                      + ")"));
        }
      }
    }
    if (count == 0) {
      errs.add(FieldError.required(path.toString(), "must specify a handler type"));
    }
    return errs;
  }

  private static List<FieldError> validateHttpGet(HTTPGetAction http, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (ObjectMetaValidator.nullToEmpty(http.getPath()).isEmpty()) {
      errs.add(FieldError.required(path.child("path").toString(), ""));
    }
    errs.addAll(portNumOrName(http.getPort(), path.child("port")));
    String scheme = ObjectMetaValidator.nullToEmpty(http.getScheme());
    if (!scheme.equals("HTTP") && !scheme.equals("HTTPS")) {
      errs.add(
          FieldError.notSupported(
              path.child("scheme").toString(), scheme, List.of("HTTP", "HTTPS")));
    }
    for (HTTPHeader header : ObjectMetaValidator.nonNull(http.getHttpHeaders())) {
      String name = ObjectMetaValidator.nullToEmpty(header.getName());
      for (String msg : Names.isHttpHeaderName(name)) {
        errs.add(FieldError.invalid(path.child("httpHeaders").toString(), name, msg));
      }
    }
    return errs;
  }

  /** A port given as a number (1-65535) or an IANA port name. */
  static List<FieldError> portNumOrName(IntOrString port, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (port != null && port.getStrVal() != null) {
      for (String msg : Names.isValidPortName(port.getStrVal())) {
        errs.add(FieldError.invalid(path.toString(), port.getStrVal(), msg));
      }
    } else {
      int value = port == null || port.getIntVal() == null ? 0 : port.getIntVal();
      for (String msg : Names.isValidPortNum(value)) {
        errs.add(FieldError.invalid(path.toString(), value, msg));
      }
    }
    return errs;
  }
}
