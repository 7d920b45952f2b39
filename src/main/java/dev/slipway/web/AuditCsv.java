package dev.slipway.web;

import dev.slipway.domain.AuditEvent;
import java.util.List;

/**
 * The audit log as CSV (RFC 4180): a header, then one line per event. A cell a spreadsheet would read as a formula
 * (it starts with =, +, - or @) is prefixed with a quote, so an exported reason cannot run in someone's spreadsheet.
 */
final class AuditCsv {
    static final String HEADER = "id,at,actor,action,project,environment,deployment,detail";

    private AuditCsv() {
    }

    static String of(List<AuditEvent> events) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (AuditEvent e : events) {
            csv.append(e.id()).append(',')
                    .append(cell(e.at().toString())).append(',')
                    .append(cell(e.actor())).append(',')
                    .append(cell(e.action())).append(',')
                    .append(cell(e.project())).append(',')
                    .append(cell(e.environment())).append(',')
                    .append(e.deploymentId() == null ? "" : e.deploymentId()).append(',')
                    .append(cell(e.detail())).append("\r\n");
        }
        return csv.toString();
    }

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
