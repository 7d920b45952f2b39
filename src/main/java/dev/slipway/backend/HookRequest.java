package dev.slipway.backend;

import java.util.Map;
import java.util.TreeMap;

/** One call of a {@link ProviderHook} as it arrived: its headers (any case) and its body, already read whole. */
public record HookRequest(Map<String, String> headers, byte[] body) {
    public HookRequest {
        Map<String, String> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseless.putAll(headers);
        headers = java.util.Collections.unmodifiableMap(caseless);
        body = body == null ? new byte[0] : body;
    }

    /** The header's value, whatever its case, or null. */
    public String header(String name) {
        return headers.get(name);
    }
}
