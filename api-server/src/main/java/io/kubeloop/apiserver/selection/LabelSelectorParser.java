package io.kubeloop.apiserver.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The label selector query syntax, lexed and parsed the way apimachinery's {@code labels.Parse}
 * does so that the same inputs fail with the same messages:
 *
 * <pre>
 * selector    ::= requirement | requirement "," selector
 * requirement ::= [!] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=" | "&gt;" | "&lt;") VALUE ]
 * </pre>
 *
 * Not thread-safe; one instance parses one string.
 */
final class LabelSelectorParser {

  /** Thrown with apimachinery's message; the caller turns it into a 400. */
  static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    ParseException(String message) {
      super(message, null, false, false);
    }
  }

  private enum Token {
    ERROR,
    END_OF_STRING,
    CLOSED_PAR,
    COMMA,
    DOES_NOT_EXIST,
    DOUBLE_EQUALS,
    EQUALS,
    GREATER_THAN,
    IDENTIFIER,
    IN,
    LESS_THAN,
    NOT_EQUALS,
    NOT_IN,
    OPEN_PAR
  }

  private record Item(Token token, String literal) {}

  private static final Map<String, Token> LITERALS =
      Map.ofEntries(
          Map.entry(")", Token.CLOSED_PAR),
          Map.entry(",", Token.COMMA),
          Map.entry("!", Token.DOES_NOT_EXIST),
          Map.entry("==", Token.DOUBLE_EQUALS),
          Map.entry("=", Token.EQUALS),
          Map.entry(">", Token.GREATER_THAN),
          Map.entry("in", Token.IN),
          Map.entry("<", Token.LESS_THAN),
          Map.entry("!=", Token.NOT_EQUALS),
          Map.entry("notin", Token.NOT_IN),
          Map.entry("(", Token.OPEN_PAR));

  private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

  private final String input;
  private int pos;
  private final List<Item> items = new ArrayList<>();
  private int position;

  private LabelSelectorParser(String input) {
    this.input = input;
  }

  /** The requirements in input order; the caller sorts them by key. */
  static List<Requirement> parse(String selector) throws ParseException {
    return new LabelSelectorParser(selector).parse();
  }

  // ---- lexer -------------------------------------------------------------------------------

  /** The next character, or 0 at the end; like the Go lexer, a NUL character also reads as 0. */
  private char read() {
    if (pos < input.length()) {
      return input.charAt(pos++);
    }
    return 0;
  }

  private void unread() {
    pos--;
  }

  private static boolean isWhitespace(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
  }

  private static boolean isSpecialSymbol(char ch) {
    return switch (ch) {
      case '=', '!', '(', ')', ',', '>', '<' -> true;
      default -> false;
    };
  }

  private Item lex() {
    char ch = read();
    while (isWhitespace(ch)) {
      ch = read();
    }
    if (ch == 0) {
      return new Item(Token.END_OF_STRING, "");
    }
    unread();
    return isSpecialSymbol(ch) ? scanSpecialSymbol() : scanIdOrKeyword();
  }

  private Item scanIdOrKeyword() {
    StringBuilder buffer = new StringBuilder();
    while (true) {
      char ch = read();
      if (ch == 0) {
        break;
      }
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        unread();
        break;
      }
      buffer.append(ch);
    }
    String s = buffer.toString();
    Token literal = LITERALS.get(s);
    return new Item(literal != null ? literal : Token.IDENTIFIER, s);
  }

  /** Reads the longest run of symbols that is still an operator, e.g. {@code !=} or {@code ==}. */
  private Item scanSpecialSymbol() {
    Item last = null;
    StringBuilder buffer = new StringBuilder();
    while (true) {
      char ch = read();
      if (ch == 0) {
        break;
      }
      if (!isSpecialSymbol(ch)) {
        unread();
        break;
      }
      buffer.append(ch);
      Token token = LITERALS.get(buffer.toString());
      if (token != null) {
        last = new Item(token, buffer.toString());
      } else if (last != null) {
        unread();
        break;
      }
    }
    if (last == null) {
      return new Item(Token.ERROR, "error expected: keyword found '" + buffer + "'");
    }
    return last;
  }

  // ---- parser ------------------------------------------------------------------------------

  /** In value position the keywords {@code in} and {@code notin} are plain identifiers. */
  private static Token asValue(Token token) {
    return token == Token.IN || token == Token.NOT_IN ? Token.IDENTIFIER : token;
  }

  private Item lookahead(boolean values) {
    Item item = items.get(Math.min(position, items.size() - 1));
    return values ? new Item(asValue(item.token()), item.literal()) : item;
  }

  private Item consume(boolean values) {
    Item item = lookahead(values);
    position++;
    return item;
  }

  private List<Requirement> parse() throws ParseException {
    while (true) {
      Item item = lex();
      items.add(item);
      if (item.token() == Token.END_OF_STRING) {
        break;
      }
    }
    List<Requirement> requirements = new ArrayList<>();
    while (true) {
      Item next = lookahead(true);
      switch (next.token()) {
        case IDENTIFIER, DOES_NOT_EXIST -> {
          try {
            requirements.add(parseRequirement());
          } catch (ParseException e) {
            throw new ParseException("unable to parse requirement: " + e.getMessage());
          }
          Item after = consume(true);
          switch (after.token()) {
            case END_OF_STRING -> {
              return requirements;
            }
            case COMMA -> {
              Item following = lookahead(true);
              if (following.token() != Token.IDENTIFIER
                  && following.token() != Token.DOES_NOT_EXIST) {
                throw new ParseException(
                    "found '" + following.literal() + "', expected: identifier after ','");
              }
            }
            default ->
                throw new ParseException(
                    "found '" + after.literal() + "', expected: ',' or 'end of string'");
          }
        }
        case END_OF_STRING -> {
          return requirements;
        }
        default ->
            throw new ParseException(
                "found '" + next.literal() + "', expected: !, identifier, or 'end of string'");
      }
    }
  }

  private Requirement parseRequirement() throws ParseException {
    Operator operator = null;
    Item item = consume(true);
    if (item.token() == Token.DOES_NOT_EXIST) {
      operator = Operator.DOES_NOT_EXIST;
      item = consume(true);
    }
    if (item.token() != Token.IDENTIFIER) {
      throw new ParseException("found '" + item.literal() + "', expected: identifier");
    }
    String key = item.literal();
    String keyError = LabelValidation.validateKey(key, LabelValidation.NIL_PATH);
    if (keyError != null) {
      throw new ParseException(keyError);
    }
    Token next = lookahead(true).token();
    if ((next == Token.END_OF_STRING || next == Token.COMMA)
        && operator != Operator.DOES_NOT_EXIST) {
      operator = Operator.EXISTS;
    }
    if (operator == Operator.EXISTS || operator == Operator.DOES_NOT_EXIST) {
      return requirement(key, operator, List.of());
    }
    operator = parseOperator();
    List<String> values =
        switch (operator) {
          case IN, NOT_IN -> parseValues();
          default -> parseExactValue();
        };
    return requirement(key, operator, values);
  }

  private static Requirement requirement(String key, Operator operator, List<String> values)
      throws ParseException {
    String error = LabelValidation.requirementError(key, operator, values, "key");
    if (error != null) {
      throw new ParseException(error);
    }
    return new Requirement(key, operator, values);
  }

  private Operator parseOperator() throws ParseException {
    Item item = consume(false);
    return switch (item.token()) {
      case IN -> Operator.IN;
      case EQUALS -> Operator.EQUALS;
      case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
      case GREATER_THAN -> Operator.GREATER_THAN;
      case LESS_THAN -> Operator.LESS_THAN;
      case NOT_IN -> Operator.NOT_IN;
      case NOT_EQUALS -> Operator.NOT_EQUALS;
      default ->
          throw new ParseException("found '" + item.literal() + "', expected: " + BINARY_OPERATORS);
    };
  }

  /** {@code ( v1, v2 )}: the values as a sorted set, as apimachinery's {@code sets.String}. */
  private List<String> parseValues() throws ParseException {
    Item item = consume(true);
    if (item.token() != Token.OPEN_PAR) {
      throw new ParseException("found '" + item.literal() + "' expected: '('");
    }
    Item next = lookahead(true);
    switch (next.token()) {
      case IDENTIFIER, COMMA -> {
        TreeSet<String> values = parseIdentifiersList();
        if (consume(true).token() != Token.CLOSED_PAR) {
          throw new ParseException("found '" + next.literal() + "', expected: ')'");
        }
        return List.copyOf(values);
      }
      case CLOSED_PAR -> {
        consume(true);
        return List.of("");
      }
      default ->
          throw new ParseException(
              "found '" + next.literal() + "', expected: ',', ')' or identifier");
    }
  }

  /** A possibly empty list of possibly empty identifiers separated by commas. */
  private TreeSet<String> parseIdentifiersList() throws ParseException {
    TreeSet<String> values = new TreeSet<>();
    while (true) {
      Item item = consume(true);
      switch (item.token()) {
        case IDENTIFIER -> {
          values.add(item.literal());
          Item next = lookahead(true);
          switch (next.token()) {
            case COMMA -> {}
            case CLOSED_PAR -> {
              return values;
            }
            default ->
                throw new ParseException("found '" + next.literal() + "', expected: ',' or ')'");
          }
        }
        case COMMA -> {
          if (values.isEmpty()) {
            values.add(""); // "(,"
          }
          Token next = lookahead(true).token();
          if (next == Token.CLOSED_PAR) {
            values.add(""); // ",)"
            return values;
          }
          if (next == Token.COMMA) {
            values.add(""); // ",,"
          }
        }
        default ->
            throw new ParseException(
                "found '" + item.literal() + "', expected: ',', or identifier");
      }
    }
  }

  private List<String> parseExactValue() throws ParseException {
    Token next = lookahead(true).token();
    if (next == Token.END_OF_STRING || next == Token.COMMA) {
      return List.of("");
    }
    Item item = consume(true);
    if (item.token() == Token.IDENTIFIER) {
      return List.of(item.literal());
    }
    throw new ParseException("found '" + item.literal() + "', expected: identifier");
  }
}
