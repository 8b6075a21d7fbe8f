package org.listensim.scenarios.packetdrill;

import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of packetdrill's script language: integers (decimal, optionally negative, and 0x hex),
 * floats ({@code [-]digits.digits}, {@code .5}), words ({@code [A-Za-z0-9_]+}), dotted IPv4 addresses,
 * "strings", `back-quoted commands`, {@code ...}, {@code --options}, {@code %{ code }%}, single
 * punctuation characters; {@code //} and C comments and white space separate tokens. Like a flex
 * scanner, the longest match wins and, among equals, the earlier kind in that list.
 */
final class Lexer {
  private final String src;
  private final String name;
  private int pos;
  private int line = 1;
  private int lineStart;

  Lexer(String name, String src) {
    this.name = name;
    this.src = src;
  }

  List<Token> tokens() {
    List<Token> out = new ArrayList<>();
    while (true) {
      skipSpaceAndComments();
      if (pos >= src.length()) {
        out.add(new Token(Token.Kind.EOF, "", line, pos - lineStart + 1, pos, pos));
        return out;
      }
      out.add(next());
    }
  }

  private void skipSpaceAndComments() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
        lineStart = pos;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
        pos++;
      } else if (src.startsWith("//", pos)) {
        while (pos < src.length() && src.charAt(pos) != '\n') {
          pos++;
        }
      } else if (src.startsWith("/*", pos)) {
        int l = line;
        int col = pos - lineStart + 1;
        int close = src.indexOf("*/", pos + 2);
        if (close < 0) {
          throw new ScriptException(name, l, col, "'*/' closing this comment", "end of script");
        }
        advanceTo(close + 2);
      } else {
        return;
      }
    }
  }

  /** Moves to {@code target}, counting the newlines passed. */
  private void advanceTo(int target) {
    while (pos < target) {
      if (src.charAt(pos) == '\n') {
        line++;
        lineStart = pos + 1;
      }
      pos++;
    }
  }

  private Token next() {
    int start = pos;
    int l = line;
    int col = pos - lineStart + 1;
    char c = src.charAt(pos);
    if (c == '"' || c == '`') {
      int i = pos + 1;
      while (i < src.length() && src.charAt(i) != c) {
        i += src.charAt(i) == '\\' ? 2 : 1;
      }
      if (i >= src.length()) {
        throw new ScriptException(name, l, col, "closing " + c + " of the " + (c == '"' ? "string" : "command"),
            "end of script");
      }
      String body = unescape(src.substring(pos + 1, i));
      advanceTo(i + 1);
      return new Token(c == '"' ? Token.Kind.STRING : Token.Kind.BACK_QUOTED, body, l, col, start, pos);
    }
    if (src.startsWith("%{", pos)) {
      int close = src.indexOf("}%", pos + 2);
      if (close < 0) {
        throw new ScriptException(name, l, col, "'}%' closing this code block", "end of script");
      }
      String body = src.substring(pos + 2, close);
      advanceTo(close + 2);
      return new Token(Token.Kind.CODE, body, l, col, start, pos);
    }
    if (src.startsWith("...", pos)) {
      pos += 3;
      return new Token(Token.Kind.ELLIPSIS, "...", l, col, start, pos);
    }
    if (src.startsWith("--", pos) && pos + 2 < src.length() && isWordChar(src.charAt(pos + 2))) {
      int i = pos + 2;
      while (i < src.length() && isWordChar(src.charAt(i))) {
        i++;
      }
      // An option's value runs to the next white space (it may be an IPv6 address, a path, ...).
      if (i < src.length() && src.charAt(i) == '=') {
        i++;
        while (i < src.length() && !Character.isWhitespace(src.charAt(i))) {
          i++;
        }
      }
      String text = src.substring(pos, i);
      pos = i;
      return new Token(Token.Kind.OPTION, text, l, col, start, pos);
    }
    // Candidates of the number/word family: take the longest; ties go to the earlier kind.
    int ipv4 = matchIpv4(pos);
    int flt = matchFloat(pos);
    int integer = matchInteger(pos);
    int hex = matchHex(pos);
    int word = matchWord(pos);
    int best = Math.max(Math.max(Math.max(ipv4, flt), Math.max(integer, hex)), word);
    if (best > pos) {
      Token.Kind kind;
      if (flt == best) {
        kind = Token.Kind.FLOAT;
      } else if (integer == best) {
        kind = Token.Kind.INTEGER;
      } else if (hex == best) {
        kind = Token.Kind.HEX_INTEGER;
      } else if (word == best) {
        kind = Token.Kind.WORD;
      } else {
        kind = Token.Kind.IPV4_ADDR;
      }
      String text = src.substring(pos, best);
      pos = best;
      return new Token(kind, text, l, col, start, pos);
    }
    pos++;
    return new Token(Token.Kind.PUNCT, String.valueOf(c), l, col, start, pos);
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private int digits(int i) {
    while (i < src.length() && Character.isDigit(src.charAt(i)) && src.charAt(i) < 128) {
      i++;
    }
    return i;
  }

  private int matchInteger(int i) {
    int s = i < src.length() && src.charAt(i) == '-' ? i + 1 : i;
    int e = digits(s);
    return e > s ? e : -1;
  }

  private int matchFloat(int i) {
    int s = i < src.length() && src.charAt(i) == '-' ? i + 1 : i;
    int e = digits(s);
    if (e < src.length() && src.charAt(e) == '.') {
      int f = digits(e + 1);
      if (f > e + 1) {
        return f;
      }
    }
    return -1;
  }

  private int matchHex(int i) {
    if (src.startsWith("0x", i)) {
      int e = i + 2;
      while (e < src.length() && Character.digit(src.charAt(e), 16) >= 0 && src.charAt(e) < 128) {
        e++;
      }
      return e > i + 2 ? e : -1;
    }
    return -1;
  }

  private int matchWord(int i) {
    int e = i;
    while (e < src.length() && isWordChar(src.charAt(e))) {
      e++;
    }
    return e > i ? e : -1;
  }

  private int matchIpv4(int i) {
    int e = i;
    for (int part = 0; part < 4; part++) {
      int d = digits(e);
      if (d == e || d - e > 3) {
        return -1;
      }
      e = d;
      if (part < 3) {
        if (e >= src.length() || src.charAt(e) != '.') {
          return -1;
        }
        e++;
      }
    }
    return e;
  }

  private static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(switch (n) {
          case 'n' -> '\n';
          case 't' -> '\t';
          default -> n;
        });
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
