package dev.slipway.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API server in front of another that authorizes as Kubernetes' RBAC would for an account bound to one
 * {@link Role}: each request becomes its verb, API group, resource and namespace; one the Role does not allow is
 * answered 403 Forbidden, any other is passed on. Every request is kept, allowed or not, to be looked at with
 * {@link #requests()}.
 */
final class RbacProxy implements AutoCloseable {
    /** {@code /api/v1/namespaces/NS/RESOURCE[/NAME[/SUBRESOURCE]]} or {@code /apis/GROUP/VERSION/namespaces/...}. */
    private static final Pattern NAMESPACED = Pattern.compile(
            "/(?:api/[^/]+|apis/([^/]+)/[^/]+)/namespaces/([^/]+)/([^/]+)(?:/([^/]+)(?:/([^/]+))?)?");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** One request as RBAC sees it; {@code group} is empty for the core group. */
    record Request(String verb, String group, String resource, String namespace, boolean allowed) {
        String permission() {
            return group + "/" + resource + ":" + verb;
        }
    }

    private final Role role;
    private final String upstream;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();

    RbacProxy(Role role, String upstream) throws IOException {
        this.role = role;
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            Request request = authorize(exchange.getRequestMethod(), uri);
            requests.add(request);
            if (!request.allowed()) {
                reply(exchange, 403, "application/json", forbidden(request).getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(upstream + uri.getRawPath()
                            + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "")))
                    .timeout(TIMEOUT)
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null) {
                forward.header("Content-Type", contentType);
            }
            HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            reply(exchange, answer.statusCode(), answer.headers().firstValue("Content-Type").orElse("application/json"),
                    answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Request authorize(String method, URI uri) {
        Matcher path = NAMESPACED.matcher(uri.getPath());
        if (!path.matches()) {
            // Cluster-scoped requests (discovery, other namespaces' lists) are beyond a Role.
            return new Request(method.toLowerCase(java.util.Locale.ROOT), "?", uri.getPath(), null, false);
        }
        String group = path.group(1) != null ? path.group(1) : "";
        String resource = path.group(3) + (path.group(5) != null ? "/" + path.group(5) : "");
        boolean named = path.group(4) != null;
        boolean watching = uri.getQuery() != null && uri.getQuery().contains("watch=true");
        String verb = switch (method) {
            case "GET" -> watching ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
        String namespace = path.group(2);
        boolean allowed = namespace.equals(role.getMetadata().getNamespace()) && role.getRules().stream()
                .anyMatch(rule -> allows(rule, verb, group, resource));
        return new Request(verb, group, resource, namespace, allowed);
    }

    private static boolean allows(PolicyRule rule, String verb, String group, String resource) {
        return rule.getVerbs().contains(verb) && rule.getApiGroups().contains(group)
                && rule.getResources().contains(resource);
    }

    private static String forbidden(Request request) {
        String message = "%s is forbidden: cannot %s resource '%s' in API group '%s' in the namespace '%s'"
                .formatted(request.resource(), request.verb(), request.resource(), request.group(),
                        request.namespace());
        return """
                {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403,"message":"%s"}\
                """.formatted(message);
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
