package dev.slipway.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit file as systemd reads it: {@code [Section]} headers, {@code Key=Value} lines (a key may repeat),
 * comments starting with {@code #} or {@code ;}, and lines ending in a backslash continued on the next.
 */
record SystemdUnit(Map<String, Map<String, List<String>>> sections) {

    static SystemdUnit parse(String text) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> section = null;
        StringBuilder continued = new StringBuilder();
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (continued.isEmpty() && (line.isEmpty() || line.startsWith("#") || line.startsWith(";"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                continued.append(line.substring(0, line.length() - 1).strip()).append(' ');
                continue;
            }
            line = continued.append(line).toString().strip();
            continued.setLength(0);
            if (line.startsWith("[") && line.endsWith("]")) {
                section = sections.computeIfAbsent(line.substring(1, line.length() - 1), name -> new LinkedHashMap<>());
                continue;
            }
            int equals = line.indexOf('=');
            if (section == null || equals <= 0) {
                throw new IllegalArgumentException("not a Key=Value line inside a section: " + line);
            }
            section.computeIfAbsent(line.substring(0, equals).strip(), key -> new ArrayList<>())
                    .add(line.substring(equals + 1).strip());
        }
        return new SystemdUnit(sections);
    }

    /** Every value of {@code key} in {@code section}, in file order; empty if it is not there. */
    List<String> all(String section, String key) {
        return sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
    }

    /** The value of {@code key} that systemd uses for a single-valued setting: its last one, or null. */
    String value(String section, String key) {
        List<String> values = all(section, key);
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }
}
