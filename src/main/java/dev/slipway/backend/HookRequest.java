package dev.slipway.backend;

import java.util.Map;
import java.util.TreeMap;

/**
 * One call of a {@link ProviderHook} as it arrived: its headers (any case), its query parameters (the first value of
 * each) and its body, already read whole.
 */
public record HookRequest(Map<String, String> headers, Map<String, String> query, byte[] body) {
    public HookRequest {
        Map<String, String> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseless.putAll(headers);
        headers = java.util.Collections.unmodifiableMap(caseless);
        query = query == null ? Map.of() : Map.copyOf(query);
        body = body == null ? new byte[0] : body;
    }

    /** A call without query parameters. */
    public HookRequest(Map<String, String> headers, byte[] body) {
        this(headers, Map.of(), body);
    }

    /** The query parameter's value, or null. */
    public String queryParam(String name) {
        return query.get(name);
    }

    /** The header's value, whatever its case, or null. */
    public String header(String name) {
        return headers.get(name);
    }
}
