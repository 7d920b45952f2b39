package dev.slipway.app.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a line into words at whitespace, keeping what is inside double or single quotes together, anywhere in a
 * word ({@code reason="disk is full"}). Inside double quotes a backslash keeps the next character as it is. The
 * words are data: nothing else is expanded, and nothing here is ever handed to a shell.
 */
final class QuotedWords {
    private QuotedWords() {
    }

    /** The words of {@code line}, or empty when a quote is not closed. */
    static Optional<List<String>> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'' || c == '“' || c == '”') {
                // Chat clients turn straight quotes into curly ones as people type.
                quote = c == '“' ? '”' : c == '”' ? '”' : c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            return Optional.empty();
        }
        if (inWord) {
            words.add(word.toString());
        }
        return Optional.of(words);
    }
}
