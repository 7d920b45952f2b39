package dev.slipway.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read as Docker reads it: comment lines dropped (also inside a continued instruction), lines ending
 * in a backslash joined to the next, and each instruction split into its keyword and its arguments, grouped into
 * the stages that each {@code FROM} begins.
 */
final class DockerfileInstructions {
    /** One instruction: {@code keyword} upper-cased, {@code arguments} as written after it, on one line. */
    record Instruction(String keyword, String arguments) {
    }

    /** A build stage: its {@code FROM} and what follows it, up to the next. */
    record Stage(Instruction from, List<Instruction> instructions) {
        /** The base image, without the {@code AS name} and {@code --platform} flags. */
        String image() {
            return words(from.arguments()).stream().filter(w -> !w.startsWith("--")).findFirst().orElseThrow();
        }

        /** The stage's name ({@code FROM image AS name}), or null. */
        String name() {
            List<String> words = words(from.arguments());
            int as = words.stream().map(w -> w.toUpperCase(Locale.ROOT)).toList().indexOf("AS");
            return as >= 0 && as + 1 < words.size() ? words.get(as + 1) : null;
        }

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        int indexOf(String keyword) {
            for (int i = 0; i < instructions.size(); i++) {
                if (instructions.get(i).keyword().equals(keyword)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private DockerfileInstructions() {
    }

    static List<Instruction> parse(String text) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String joined = current.toString().strip();
            current.setLength(0);
            if (joined.isEmpty()) {
                continue;
            }
            int space = joined.indexOf(' ');
            instructions.add(space < 0 ? new Instruction(joined.toUpperCase(Locale.ROOT), "")
                    : new Instruction(joined.substring(0, space).toUpperCase(Locale.ROOT),
                            joined.substring(space + 1).strip().replaceAll("\\s+", " ")));
        }
        if (!current.isEmpty()) {
            throw new IllegalArgumentException("the last instruction ends in a line continuation: " + current);
        }
        return instructions;
    }

    static List<Stage> stages(List<Instruction> instructions) {
        List<Stage> stages = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                stages.add(new Stage(instruction, new ArrayList<>()));
            } else if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).instructions().add(instruction);
            } else if (!instruction.keyword().equals("ARG")) {
                throw new IllegalArgumentException("only ARG may come before the first FROM: " + instruction);
            }
        }
        return stages;
    }

    static List<String> words(String arguments) {
        return arguments.isBlank() ? List.of() : List.of(arguments.strip().split(" "));
    }
}
