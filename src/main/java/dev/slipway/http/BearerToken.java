package dev.slipway.http;

/** The token of an {@code Authorization: Bearer <token>} header, as the build hook and {@code /metrics} take it. */
final class BearerToken {
    private static final String SCHEME = "Bearer ";

    private BearerToken() {
    }

    /** The token {@code authorization} carries (the scheme in any case, as HTTP allows), or null for none. */
    static String of(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        return authorization.substring(SCHEME.length()).strip();
    }
}
