package io.kubeloop.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelReference;
import dev.cel.common.types.CelKind;
import dev.cel.compiler.CelCompiler;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled {@code x-kubernetes-validations} rules of a structural schema and their evaluation
 * against custom resources ({@code cel.Validator}): rules run on every value present in the object,
 * top-down; transition rules (those using {@code oldSelf}) run only on update and only where the
 * old value can be correlated (object properties, map values, items of list-type map). Failures are
 * reported as kube reports them: {@code spec: Invalid value: "object": <message>}.
 *
 * <p>Immutable and thread-safe once built.
 */
final class CelRules {

  /** One rule after compilation; {@code error} is set when it does not compile. */
  record Compiled(
      ValidationRule rule,
      CelRuntime.Program program,
      CelRuntime.Program messageProgram,
      boolean usesOldSelf,
      String normalizedFieldPath,
      String error,
      String messageError) {}

  private final Map<SchemaNode, List<Compiled>> rules;

  private CelRules(Map<SchemaNode, List<Compiled>> rules) {
    this.rules = rules;
  }

  /** Compiles the rules of every structural node under {@code root}. */
  static CelRules compile(SchemaNode root) {
    Map<SchemaNode, List<Compiled>> out = new IdentityHashMap<>();
    collect(root, out);
    return new CelRules(out);
  }

  /** The compiled rules of node {@code s}, in declaration order (empty when none). */
  List<Compiled> rulesOf(SchemaNode s) {
    return rules.getOrDefault(s, List.of());
  }

  boolean isEmpty() {
    return rules.isEmpty();
  }

  private static void collect(SchemaNode s, Map<SchemaNode, List<Compiled>> out) {
    if (s == null) {
      return;
    }
    if (!s.validations.isEmpty()) {
      CelCompiler compiler = CelEnv.compiler(CelValues.typeOf(s));
      List<Compiled> list = new ArrayList<>();
      for (ValidationRule r : s.validations) {
        list.add(compileRule(compiler, s, r));
      }
      out.put(s, List.copyOf(list));
    }
    s.properties.values().forEach(p -> collect(p, out));
    collect(s.items, out);
    collect(s.additionalProperties, out);
  }

  private static Compiled compileRule(CelCompiler compiler, SchemaNode s, ValidationRule r) {
    String rule = r.getRule() == null ? "" : r.getRule();
    CelRuntime.Program program = null;
    boolean usesOldSelf = false;
    String error = null;
    if (rule.isBlank()) {
      error = "rule is not specified";
    } else {
      try {
        CelAbstractSyntaxTree ast = compiler.compile(rule).getAst();
        CelKind kind = ast.getResultType().kind();
        if (kind != CelKind.BOOL && kind != CelKind.DYN) {
          error = "cel expression must evaluate to a bool";
        } else {
          program = CelEnv.RUNTIME.createProgram(ast);
          usesOldSelf = references(ast, "oldSelf");
        }
      } catch (CelValidationException e) {
        error = "compilation failed: " + e.getMessage();
      } catch (CelEvaluationException | RuntimeException e) {
        error = "compilation failed: " + e.getMessage();
      }
    }
    CelRuntime.Program messageProgram = null;
    String messageError = null;
    String expr = r.getMessageExpression();
    if (expr != null && !expr.isBlank()) {
      try {
        CelAbstractSyntaxTree ast = compiler.compile(expr).getAst();
        CelKind kind = ast.getResultType().kind();
        if (kind != CelKind.STRING && kind != CelKind.DYN) {
          messageError = "must evaluate to a string";
        } else if (references(ast, "oldSelf") && !usesOldSelf) {
          messageError =
              "messageExpression uses oldSelf but rule does not; oldSelf may only be used in"
                  + " messageExpression when the rule uses it";
        } else {
          messageProgram = CelEnv.RUNTIME.createProgram(ast);
        }
      } catch (CelValidationException e) {
        messageError = "messageExpression compilation failed: " + e.getMessage();
      } catch (CelEvaluationException | RuntimeException e) {
        messageError = "messageExpression compilation failed: " + e.getMessage();
      }
    }
    String fieldPath = r.getFieldPath() == null ? null : normalizeFieldPath(s, r.getFieldPath());
    return new Compiled(r, program, messageProgram, usesOldSelf, fieldPath, error, messageError);
  }

  private static boolean references(CelAbstractSyntaxTree ast, String name) {
    for (CelReference ref : ast.getReferenceMap().values()) {
      if (name.equals(ref.name())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A rule's {@code fieldPath} ({@code .spec.replicas}, {@code ['a.b']}) as a field path relative
   * to the rule's node, or null when it does not name a field of the schema.
   */
  static String normalizeFieldPath(SchemaNode s, String fieldPath) {
    String p = fieldPath.trim();
    StringBuilder out = new StringBuilder();
    SchemaNode cur = s;
    int i = 0;
    while (i < p.length()) {
      String name;
      if (p.charAt(i) == '.') {
        int j = i + 1;
        while (j < p.length() && p.charAt(j) != '.' && p.charAt(j) != '[') {
          j++;
        }
        name = p.substring(i + 1, j);
        i = j;
      } else if (p.startsWith("['", i)) {
        int end = p.indexOf("']", i + 2);
        if (end < 0) {
          return null;
        }
        name = p.substring(i + 2, end);
        i = end + 2;
      } else {
        return null;
      }
      if (name.isEmpty() || cur == null) {
        return null;
      }
      SchemaNode next = cur.properties.get(name);
      if (next != null) {
        out.append(out.length() == 0 ? name : "." + name);
      } else if (cur.additionalProperties != null) {
        next = cur.additionalProperties;
        out.append("[").append(name).append("]");
      } else {
        return null;
      }
      cur = next;
    }
    return out.length() == 0 ? null : out.toString();
  }

  /** Evaluates every rule against {@code obj} (and {@code old} for transition rules). */
  List<FieldError> validate(SchemaNode root, JsonNode obj, JsonNode old) {
    List<FieldError> errs = new ArrayList<>();
    walk(root, obj, old, "", true, errs);
    return errs;
  }

  private void walk(
      SchemaNode s,
      JsonNode obj,
      JsonNode old,
      String path,
      boolean resource,
      List<FieldError> errs) {
    if (s == null || obj == null || obj.isNull()) {
      return;
    }
    List<Compiled> compiled = rulesOf(s);
    if (!compiled.isEmpty()) {
      evaluate(s, compiled, obj, old, path, resource, errs);
    }
    if (obj.isObject()) {
      boolean correlatable = !"atomic".equals(s.mapType);
      obj.fields()
          .forEachRemaining(
              e -> {
                JsonNode oldValue =
                    correlatable && old != null && old.isObject() ? old.get(e.getKey()) : null;
                SchemaNode prop = s.properties.get(e.getKey());
                if (prop != null) {
                  walk(
                      prop,
                      e.getValue(),
                      oldValue,
                      Paths.child(path, e.getKey()),
                      prop.embeddedResource,
                      errs);
                } else if (s.additionalProperties != null) {
                  walk(
                      s.additionalProperties,
                      e.getValue(),
                      oldValue,
                      Paths.key(path, e.getKey()),
                      s.additionalProperties.embeddedResource,
                      errs);
                }
              });
    } else if (obj.isArray() && s.items != null) {
      Map<String, JsonNode> oldByKey = new HashMap<>();
      boolean mapList = "map".equals(s.listType) && old != null && old.isArray();
      if (mapList) {
        for (JsonNode o : old) {
          oldByKey.put(listMapKey(s, o), o);
        }
      }
      for (int i = 0; i < obj.size(); i++) {
        JsonNode item = obj.get(i);
        JsonNode oldItem = mapList ? oldByKey.get(listMapKey(s, item)) : null;
        walk(s.items, item, oldItem, Paths.index(path, i), s.items.embeddedResource, errs);
      }
    }
  }

  private static String listMapKey(SchemaNode s, JsonNode item) {
    StringBuilder sb = new StringBuilder();
    for (String k : s.listMapKeys) {
      JsonNode v = item == null ? null : item.get(k);
      sb.append(v == null ? "\u0000" : JsonText.marshal(v)).append('\u0001');
    }
    return sb.toString();
  }

  private static void evaluate(
      SchemaNode s,
      List<Compiled> compiled,
      JsonNode obj,
      JsonNode old,
      String path,
      boolean resource,
      List<FieldError> errs) {
    Object self = CelValues.toCel(obj, s, resource);
    Object oldSelf = old == null || old.isNull() ? null : CelValues.toCel(old, s, resource);
    String nodePath = path.isEmpty() ? FieldErrors.NIL_PATH : path;
    String typeValue = s.intOrString || s.type == null ? "" : s.type;
    for (Compiled c : compiled) {
      if (c.program() == null) {
        continue; // rejected when the CRD was validated
      }
      if (c.usesOldSelf() && oldSelf == null) {
        continue;
      }
      Map<String, Object> vars = new HashMap<>();
      vars.put("self", self);
      if (oldSelf != null) {
        vars.put("oldSelf", oldSelf);
      }
      Object result;
      try {
        result = c.program().eval(vars);
      } catch (CelEvaluationException | RuntimeException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        if (msg.contains("No matching overload") || msg.startsWith("no such overload")) {
          errs.add(
              FieldError.invalid(
                  nodePath,
                  typeValue,
                  "'no such overload': call arguments did not match a supported operator,"
                      + " function or macro signature for rule: "
                      + ruleErrorString(c.rule())));
        } else {
          errs.add(
              FieldError.invalid(
                  nodePath, typeValue, msg + " evaluating rule: " + ruleErrorString(c.rule())));
        }
        continue;
      }
      if (Boolean.TRUE.equals(result)) {
        continue;
      }
      if (!(result instanceof Boolean)) {
        errs.add(
            FieldError.invalid(
                nodePath,
                typeValue,
                "rule did not evaluate to a bool evaluating rule: " + ruleErrorString(c.rule())));
        continue;
      }
      String fieldPath = nodePath;
      if (c.normalizedFieldPath() != null) {
        fieldPath =
            path.isEmpty()
                ? c.normalizedFieldPath()
                : c.normalizedFieldPath().startsWith("[")
                    ? path + c.normalizedFieldPath()
                    : path + "." + c.normalizedFieldPath();
      }
      String detail = ruleMessageOrDefault(c.rule());
      if (c.messageProgram() != null) {
        try {
          Object m = c.messageProgram().eval(vars);
          if (m instanceof String str && !str.isBlank() && !str.contains("\n")) {
            detail = str;
          }
        } catch (CelEvaluationException | RuntimeException e) {
          // kube logs the failure and falls back to the rule's message
        }
      }
      errs.add(forReason(fieldPath, typeValue, detail, c.rule().getReason()));
    }
  }

  static String ruleErrorString(ValidationRule r) {
    if (r.getMessage() != null && !r.getMessage().isEmpty()) {
      return r.getMessage().trim();
    }
    return r.getRule() == null ? "" : r.getRule().trim();
  }

  static String ruleMessageOrDefault(ValidationRule r) {
    if (r.getMessage() == null || r.getMessage().isEmpty()) {
      return "failed rule: " + ruleErrorString(r);
    }
    return r.getMessage().trim();
  }

  private static FieldError forReason(String path, String value, String detail, String reason) {
    if (reason == null) {
      return FieldError.invalid(path, value, detail);
    }
    return switch (reason) {
      case "FieldValueForbidden" -> FieldError.forbidden(path, detail);
      case "FieldValueRequired" -> FieldError.required(path, detail);
      case "FieldValueDuplicate" -> FieldError.duplicate(path, value);
      default -> FieldError.invalid(path, value, detail);
    };
  }
}
