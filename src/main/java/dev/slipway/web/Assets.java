package dev.slipway.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The pages' own script and style sheet, from the jar: the only files served, so no path reaches the classpath. */
final class Assets {
    private static final Map<String, String> FILES = Map.of(
            "slipway.js", "text/javascript; charset=utf-8",
            "slipway.css", "text/css; charset=utf-8");
    private final Map<String, byte[]> loaded;

    Assets() {
        java.util.HashMap<String, byte[]> read = new java.util.HashMap<>();
        FILES.keySet().forEach(name -> read.put(name, read(name)));
        loaded = Map.copyOf(read);
    }

    private static byte[] read(String name) {
        try (InputStream in = Assets.class.getResourceAsStream("assets/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: dev/slipway/web/assets/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void serve(Context ctx) {
        String name = ctx.pathParam("file");
        byte[] body = loaded.get(name);
        if (body == null) {
            ctx.status(HttpStatus.NOT_FOUND).result("not found");
            return;
        }
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.contentType(FILES.get(name)).result(body);
    }
}
