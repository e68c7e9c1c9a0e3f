package io.kubeloop.apiserver.crd.schema;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The CEL environment for {@code x-kubernetes-validations}, built on CEL-Java ({@code dev.cel}).
 *
 * <p>What rules may use: standard CEL (operators, {@code has}, {@code all}, {@code exists}, {@code
 * exists_one}, {@code map}, {@code filter}, {@code size}, {@code matches}, {@code startsWith},
 * {@code endsWith}, {@code contains}, conversions, {@code timestamp}, {@code duration}), the
 * strings extension ({@code charAt}, {@code indexOf}, {@code lastIndexOf}, {@code lowerAscii},
 * {@code upperAscii}, {@code replace}, {@code split}, {@code substring}, {@code trim}, {@code
 * join}), the sets extension ({@code sets.contains}, {@code sets.equivalent}, {@code
 * sets.intersects}), {@code cel.bind}, and kube's regex and list functions {@code find}, {@code
 * findAll}, {@code isSorted}, {@code sum}, {@code min}, {@code max}. kube's URL, IP/CIDR, quantity,
 * semver and format libraries and list {@code indexOf}/{@code lastIndexOf} are not available: a
 * rule using them fails to compile when the CRD is created, naming the undeclared function.
 *
 * <p>Immutable and thread-safe: compilers are built per schema node (their variable types differ),
 * the runtime is shared.
 */
final class CelEnv {

  private CelEnv() {}

  static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .comprehensionMaxIterations(1_000_000)
          .build();

  private static final TypeParamType T = TypeParamType.create("T");

  private static final List<CelFunctionDecl> KUBE_FUNCTIONS =
      List.of(
          CelFunctionDecl.newFunctionDeclaration(
              "find",
              CelOverloadDecl.newMemberOverload(
                  "kube_string_find", SimpleType.STRING, SimpleType.STRING, SimpleType.STRING)),
          CelFunctionDecl.newFunctionDeclaration(
              "findAll",
              CelOverloadDecl.newMemberOverload(
                  "kube_string_find_all",
                  ListType.create(SimpleType.STRING),
                  SimpleType.STRING,
                  SimpleType.STRING),
              CelOverloadDecl.newMemberOverload(
                  "kube_string_find_all_n",
                  ListType.create(SimpleType.STRING),
                  SimpleType.STRING,
                  SimpleType.STRING,
                  SimpleType.INT)),
          CelFunctionDecl.newFunctionDeclaration(
              "isSorted",
              CelOverloadDecl.newMemberOverload(
                  "kube_list_is_sorted", SimpleType.BOOL, ListType.create(T))),
          CelFunctionDecl.newFunctionDeclaration(
              "sum", CelOverloadDecl.newMemberOverload("kube_list_sum", T, ListType.create(T))),
          CelFunctionDecl.newFunctionDeclaration(
              "min", CelOverloadDecl.newMemberOverload("kube_list_min", T, ListType.create(T))),
          CelFunctionDecl.newFunctionDeclaration(
              "max", CelOverloadDecl.newMemberOverload("kube_list_max", T, ListType.create(T))));

  /** A compiler with {@code self} and {@code oldSelf} of {@code selfType}. */
  static CelCompiler compiler(CelType selfType) {
    CelCompilerBuilder b =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", selfType)
            .addVar("oldSelf", selfType)
            .addLibraries(
                CelExtensions.strings(), CelExtensions.sets(OPTIONS), CelExtensions.bindings())
            .addFunctionDeclarations(KUBE_FUNCTIONS);
    return b.build();
  }

  /** The shared runtime. */
  static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .setOptions(OPTIONS)
          .addLibraries(CelExtensions.strings(), CelExtensions.sets(OPTIONS))
          .addFunctionBindings(kubeBindings())
          .build();

  private static List<CelFunctionBinding> kubeBindings() {
    List<CelFunctionBinding> out = new ArrayList<>();
    out.add(
        CelFunctionBinding.from(
            "kube_string_find",
            String.class,
            String.class,
            (s, re) -> {
              Matcher m = compile(re).matcher(s);
              return m.find() ? m.group() : "";
            }));
    out.add(
        CelFunctionBinding.from(
            "kube_string_find_all", String.class, String.class, (s, re) -> findAll(s, re, -1)));
    out.add(
        CelFunctionBinding.from(
            "kube_string_find_all_n",
            List.of(String.class, String.class, Long.class),
            args -> findAll((String) args[0], (String) args[1], (Long) args[2])));
    out.add(CelFunctionBinding.from("kube_list_is_sorted", List.class, CelEnv::isSorted));
    out.add(CelFunctionBinding.from("kube_list_sum", List.class, CelEnv::sum));
    out.add(CelFunctionBinding.from("kube_list_min", List.class, l -> extreme(l, -1)));
    out.add(CelFunctionBinding.from("kube_list_max", List.class, l -> extreme(l, 1)));
    return out;
  }

  private static Pattern compile(String re) throws CelEvaluationException {
    try {
      return Pattern.compile(re);
    } catch (com.google.re2j.PatternSyntaxException e) {
      throw new CelEvaluationException(e.getMessage());
    }
  }

  private static List<String> findAll(String s, String re, long n) throws CelEvaluationException {
    List<String> out = new ArrayList<>();
    if (n == 0) {
      return out;
    }
    Matcher m = compile(re).matcher(s);
    while (m.find() && (n < 0 || out.size() < n)) {
      out.add(m.group());
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) throws CelEvaluationException {
    if (a instanceof Number x && b instanceof Number y) {
      if (a instanceof Long && b instanceof Long) {
        return Long.compare((Long) a, (Long) b);
      }
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof Comparable ca && a.getClass() == b.getClass()) {
      return ca.compareTo(b);
    }
    throw new CelEvaluationException("no such overload");
  }

  private static boolean isSorted(List<?> list) throws CelEvaluationException {
    for (int i = 1; i < list.size(); i++) {
      if (compare(list.get(i - 1), list.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }

  private static Object sum(List<?> list) throws CelEvaluationException {
    if (list.isEmpty()) {
      return 0L;
    }
    if (list.get(0) instanceof Long) {
      long s = 0;
      for (Object o : list) {
        s = Math.addExact(s, (Long) o);
      }
      return s;
    }
    if (list.get(0) instanceof Double) {
      double s = 0;
      for (Object o : list) {
        s += (Double) o;
      }
      return s;
    }
    throw new CelEvaluationException("no such overload");
  }

  private static Object extreme(List<?> list, int sign) throws CelEvaluationException {
    if (list.isEmpty()) {
      throw new CelEvaluationException("min called on empty list");
    }
    Object best = list.get(0);
    for (Object o : list) {
      if (compare(o, best) * sign > 0) {
        best = o;
      }
    }
    return best;
  }
}
