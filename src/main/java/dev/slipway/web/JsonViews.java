package dev.slipway.web;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.Deployment;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How deployments and audit events look in JSON, the same in the API and in the audit log's export: plain fields,
 * times in ISO-8601 UTC, absent values as null.
 */
final class JsonViews {
    private JsonViews() {
    }

    static Map<String, Object> event(AuditEvent e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", e.id());
        json.put("at", time(e.at()));
        json.put("actor", e.actor());
        json.put("action", e.action());
        json.put("project", e.project());
        json.put("environment", e.environment());
        json.put("deploymentId", e.deploymentId());
        json.put("detail", e.detail());
        return json;
    }

    static Map<String, Object> deployment(Deployment d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", d.id());
        json.put("project", d.project());
        json.put("environment", d.environment());
        json.put("ref", d.ref());
        json.put("state", d.state().label());
        json.put("requestedBy", d.requestedBy());
        json.put("surface", d.origin().surface());
        json.put("createdAt", time(d.createdAt()));
        json.put("updatedAt", time(d.updatedAt()));
        json.put("startedAt", time(d.startedAt()));
        json.put("finishedAt", time(d.finishedAt()));
        json.put("url", d.externalUrl());
        json.put("summary", d.summary());
        return json;
    }

    static String time(Instant at) {
        return at == null ? null : at.toString();
    }
}
