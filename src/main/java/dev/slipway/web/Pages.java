package dev.slipway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.app.Dashboard;
import dev.slipway.domain.AuditEvent;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Each page's model, read from the dashboard and rendered by its template. */
final class Pages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Templates templates;
    private final Dashboard dashboard;

    Pages(Templates templates, Dashboard dashboard) {
        this.templates = templates;
        this.dashboard = dashboard;
    }

    String board(Page page) {
        return templates.render("board", Map.of("page", page, "board", dashboard.board()));
    }

    String boardLive(Page page) {
        return templates.render("board_live", Map.of("page", page, "board", dashboard.board()));
    }

    String deployment(Page page, Dashboard.DeploymentView view) {
        return templates.render("deployment", Map.of("page", page, "view", view));
    }

    String deploymentLive(Page page, Dashboard.DeploymentView view) {
        return templates.render("deployment_live", Map.of("page", page, "view", view));
    }

    String runbooks(Page page) {
        return templates.render("runbooks", Map.of("page", page, "runbooks", dashboard.runbooks()));
    }

    String confirm(Page page, WebAction action, WebAction.Fields fields, String request) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("page", page);
        model.put("action", action.name().toLowerCase(java.util.Locale.ROOT));
        model.put("label", action.label());
        model.put("question", action.question(fields));
        model.put("project", fields.project());
        model.put("environment", fields.environment());
        model.put("deployment", fields.deployment());
        model.put("ref", fields.ref());
        model.put("reason", fields.reason());
        model.put("request", request);
        model.put("back", fields.deployment() != null ? "/deployments/" + fields.deployment() : "/");
        return templates.render("confirm", model);
    }

    /** The audit log as a page, or exported as CSV or JSON ({@code format=csv|json}) with the same filters. */
    void audit(Context ctx, Page page) throws JsonProcessingException {
        AuditFilter.Result read = AuditFilter.read(ctx);
        String format = Forms.query(ctx, "format");
        if (read.problem() != null) {
            ctx.status(HttpStatus.BAD_REQUEST);
            if ("json".equals(format) || "csv".equals(format)) {
                ctx.contentType("text/plain; charset=utf-8").result(read.problem());
            } else {
                ctx.html(templates.render("audit", auditModel(page, null, null, read.problem())));
            }
            return;
        }
        Dashboard.AuditPage found = dashboard.audit(read.query());
        if ("csv".equals(format)) {
            ctx.header("Content-Disposition", "attachment; filename=\"slipway-audit.csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(AuditCsv.of(found.events()));
        } else if ("json".equals(format)) {
            ctx.header("Content-Disposition", "attachment; filename=\"slipway-audit.json\"");
            ctx.contentType("application/json").result(JSON.writeValueAsString(Map.of("total", found.total(),
                    "events", found.events().stream().map(JsonViews::event).toList())));
        } else {
            ctx.html(templates.render("audit", auditModel(page, read.filter(), found, null)));
        }
    }

    private Map<String, Object> auditModel(Page page, AuditFilter filter, Dashboard.AuditPage found, String problem) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("page", page);
        model.put("filter", filter != null ? filter
                : new AuditFilter(null, null, null, null, null, null, AuditFilter.DEFAULT_LIMIT));
        model.put("events", found != null ? found.events() : List.<AuditEvent>of());
        model.put("total", found != null ? found.total() : 0L);
        model.put("problem", problem);
        model.put("projects", dashboard.projects().list());
        model.put("query", filter == null ? "" : query(filter.parameters()));
        return model;
    }

    /** {@code a=1&b=2}, each value encoded. */
    static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
