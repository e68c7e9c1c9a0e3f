package io.kubeloop.apiserver.selection;

import io.kubeloop.apiserver.errors.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A field selector: an AND of {@code field=value} and {@code field!=value} terms, as apimachinery's
 * {@code fields.ParseSelector} reads the {@code ?fieldSelector=} query parameter. Values may escape
 * {@code \}, {@code ,} and {@code =} with a backslash; field names are taken literally (no
 * whitespace trimming, as in kube).
 *
 * <p>{@link #parse} checks only the syntax. Which fields a resource supports is the business of
 * {@link FieldSelectorRegistry#parse}, which also rewrites aliases to their canonical names.
 *
 * <p>Immutable and thread-safe.
 */
public final class FieldSelector {

  /**
   * One term.
   *
   * @param field the field label, e.g. {@code spec.nodeName}
   * @param negated true for {@code !=}
   * @param value the unescaped value to compare with
   */
  public record Term(String field, boolean negated, String value) {
    public Term {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(value, "value");
    }

    boolean matches(Function<String, String> fields) {
      String actual = fields.apply(field);
      return value.equals(actual == null ? "" : actual) != negated;
    }

    @Override
    public String toString() {
      return field + (negated ? "!=" : "=") + escapeValue(value);
    }
  }

  private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  /** In the order kube keeps them: sorted by their raw text. */
  private final List<Term> terms;

  private FieldSelector(List<Term> terms) {
    this.terms = terms;
  }

  public static FieldSelector everything() {
    return EVERYTHING;
  }

  /** The selector {@code field=value}, e.g. for a watch on one named object. */
  public static FieldSelector oneTermEqual(String field, String value) {
    return new FieldSelector(List.of(new Term(field, false, value)));
  }

  /** A selector of these terms, kept in the given order. */
  public static FieldSelector of(List<Term> terms) {
    return terms.isEmpty() ? EVERYTHING : new FieldSelector(List.copyOf(terms));
  }

  /**
   * Parses the {@code fieldSelector} syntax without checking field names. A null or empty string
   * selects everything; empty terms ({@code a=b,,c=d}) are skipped.
   *
   * @throws ApiException 400 with apimachinery's message, e.g. {@code invalid selector: 'x'; can't
   *     understand 'x'} or {@code invalid field selector: invalid escape sequence: \n}
   */
  public static FieldSelector parse(String selector) {
    if (selector == null || selector.isEmpty()) {
      return EVERYTHING;
    }
    List<String> parts = splitTerms(selector);
    parts.sort(FieldSelector::compareCodePoints);
    List<Term> terms = new ArrayList<>(parts.size());
    for (String part : parts) {
      if (part.isEmpty()) {
        continue;
      }
      terms.add(parseTerm(selector, part));
    }
    return of(terms);
  }

  private static Term parseTerm(String selector, String part) {
    for (int i = 0; i < part.length(); i++) {
      // "!=" and "==" are tried before "=" so that "==" leaves no '=' on the value.
      for (String op : new String[] {"!=", "==", "="}) {
        if (part.startsWith(op, i)) {
          String value = unescapeValue(part.substring(i + op.length()));
          return new Term(part.substring(0, i), op.equals("!="), value);
        }
      }
    }
    throw ApiException.badRequest(
        "invalid selector: '" + selector + "'; can't understand '" + part + "'");
  }

  /** Splits on commas not escaped by a backslash; escapes stay in the terms. */
  private static List<String> splitTerms(String selector) {
    List<String> terms = new ArrayList<>();
    int start = 0;
    boolean inSlash = false;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (inSlash) {
        inSlash = false;
      } else if (c == '\\') {
        inSlash = true;
      } else if (c == ',') {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }

  /** Go sorts strings by their UTF-8 bytes, which is code point order. */
  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** {@code fields.EscapeValue}: prefixes {@code \}, {@code ,} and {@code =} with a backslash. */
  public static String escapeValue(String value) {
    StringBuilder sb = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == ',' || c == '=') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /**
   * {@code fields.UnescapeValue}.
   *
   * @throws ApiException 400 on an unknown escape or an unescaped {@code ,} or {@code =}
   */
  public static String unescapeValue(String value) {
    if (value.indexOf('\\') < 0 && value.indexOf(',') < 0 && value.indexOf('=') < 0) {
      return value;
    }
    StringBuilder sb = new StringBuilder(value.length());
    boolean inSlash = false;
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      i += Character.charCount(c);
      if (inSlash) {
        if (c != '\\' && c != ',' && c != '=') {
          throw ApiException.badRequest(
              "invalid field selector: invalid escape sequence: \\" + Character.toString(c));
        }
        sb.appendCodePoint(c);
        inSlash = false;
      } else if (c == '\\') {
        inSlash = true;
      } else if (c == ',' || c == '=') {
        // Go prints the rune with %v, which is its number.
        throw ApiException.badRequest("invalid field selector: unescaped character in value: " + c);
      } else {
        sb.appendCodePoint(c);
      }
    }
    if (inSlash) {
      throw ApiException.badRequest("invalid field selector: invalid escape sequence: \\");
    }
    return sb.toString();
  }

  /**
   * Whether an object with these field values matches; a field the function does not know (null)
   * has the value {@code ""}, as in kube.
   */
  public boolean matches(Function<String, String> fieldValues) {
    for (Term term : terms) {
      if (!term.matches(fieldValues)) {
        return false;
      }
    }
    return true;
  }

  public boolean matches(Map<String, String> fields) {
    return matches(fields::get);
  }

  public boolean isEmpty() {
    return terms.isEmpty();
  }

  public List<Term> terms() {
    return terms;
  }

  /** The value a {@code field=value} term requires, e.g. to serve a list from one index bucket. */
  public Optional<String> requiresExactMatch(String field) {
    for (Term term : terms) {
      if (!term.negated() && term.field().equals(field)) {
        return Optional.of(term.value());
      }
    }
    return Optional.empty();
  }

  /** A selector with every term rewritten, e.g. to canonical field names. */
  public FieldSelector transform(UnaryOperator<Term> fn) {
    return of(terms.stream().map(fn).toList());
  }

  /** The canonical form: terms comma-separated, {@code ==} written as {@code =}, values escaped. */
  @Override
  public String toString() {
    return terms.stream().map(Term::toString).collect(Collectors.joining(","));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSelector other && terms.equals(other.terms);
  }

  @Override
  public int hashCode() {
    return terms.hashCode();
  }
}
