package org.listensim.scenarios.packetdrill;

/** One lexical token of a script, with its 1-based position and its span in the source text. */
record Token(Token.Kind kind, String text, int line, int column, int start, int end) {
  enum Kind {
    INTEGER,
    HEX_INTEGER,
    FLOAT,
    WORD,
    STRING,
    BACK_QUOTED,
    IPV4_ADDR,
    ELLIPSIS,
    OPTION,
    CODE,
    PUNCT,
    EOF
  }

  boolean is(char c) {
    return kind == Kind.PUNCT && text.length() == 1 && text.charAt(0) == c;
  }

  boolean isWord(String w) {
    return kind == Kind.WORD && text.equals(w);
  }

  /** How an error message shows this token. */
  String describe() {
    return switch (kind) {
      case EOF -> "end of script";
      case STRING -> "string " + text;
      case BACK_QUOTED -> "command `" + text + "`";
      case CODE -> "code block";
      default -> "'" + text + "'";
    };
  }
}
