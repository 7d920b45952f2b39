package dev.slipway.domain;

/**
 * What a reply may quote of text a person sent: at most {@value #MAX_LENGTH} characters, cut with {@code …}, with
 * invisible characters (controls such as NUL or a line break, format characters such as a right-to-left override,
 * broken surrogates) written out as {@code \n}, {@code \t}, {@code \r} or {@code \u0000}. Enough to recognise it,
 * never enough to flood a channel or to hide what it was.
 */
public final class Excerpt {
    public static final int MAX_LENGTH = 40;
    private static final String CUT = "…";

    private Excerpt() {
    }

    public static String of(String text) {
        return of(text, MAX_LENGTH);
    }

    /** {@code text} shown in at most {@code maxLength} characters (counted in code points, {@code …} included). */
    public static String of(String text, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1");
        }
        if (text == null) {
            return "";
        }
        StringBuilder shown = new StringBuilder();
        int length = 0;
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            String piece = show(codePoint);
            int pieceLength = piece.codePointCount(0, piece.length());
            int next = i + Character.charCount(codePoint);
            boolean last = next >= text.length();
            if (length + pieceLength > (last ? maxLength : maxLength - 1)) {
                return shown.append(CUT).toString();
            }
            shown.append(piece);
            length += pieceLength;
            i = next;
        }
        return shown.toString();
    }

    /** {@code U+0000}: how a rule names a character it refuses. */
    public static String codePoint(int codePoint) {
        return String.format("U+%04X", codePoint);
    }

    private static String show(int codePoint) {
        switch (codePoint) {
            case '\n':
                return "\\n";
            case '\t':
                return "\\t";
            case '\r':
                return "\\r";
            default:
                break;
        }
        int type = Character.getType(codePoint);
        boolean invisible = type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
        return invisible ? String.format("\\u%04X", codePoint) : new String(Character.toChars(codePoint));
    }
}
