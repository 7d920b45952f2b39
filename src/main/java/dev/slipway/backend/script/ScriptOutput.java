package dev.slipway.backend.script;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** What a run printed, read from the end of its log so a huge log costs no more than its last mebibyte. */
record ScriptOutput(List<String> tail, String full) {
    static final int TAIL_LINES = 20;
    static final int MAX_BYTES = 1 << 20;

    static ScriptOutput read(Path log) throws IOException {
        String full = lastBytes(log);
        return new ScriptOutput(tailOf(full), full);
    }

    private static String lastBytes(Path log) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long size = file.length();
            int length = (int) Math.min(size, MAX_BYTES);
            byte[] bytes = new byte[length];
            file.seek(size - length);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (length == size) {
                return text;
            }
            // The cut most likely fell inside a line (or a character); start at the next whole line instead.
            int firstNewline = text.indexOf('\n');
            String whole = firstNewline >= 0 ? text.substring(firstNewline + 1) : text;
            return "[output truncated: showing the last " + length + " of " + size + " bytes]\n" + whole;
        } catch (FileNotFoundException e) {
            // The log is created before the script starts; without it the script never printed anything.
            return "";
        }
    }

    private static List<String> tailOf(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        String[] lines = (text.endsWith("\n") ? text.substring(0, text.length() - 1) : text).split("\n", -1);
        return List.of(Arrays.copyOfRange(lines, Math.max(0, lines.length - TAIL_LINES), lines.length));
    }
}
