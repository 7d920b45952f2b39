package dev.slipway.backend.kubernetes;

import dev.slipway.backend.BackendException;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.TransientBackendException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/**
 * Turns what the cluster answered into a {@link BackendException} a person understands: refusals that a retry
 * cannot change (credentials, permissions, a missing namespace, an invalid object) are permanent; no answer, a
 * conflict, rate limiting and server errors are transient. Messages are built from the cluster's status message,
 * never from request details, so no credential can end up in them.
 */
final class KubernetesErrors {
    private KubernetesErrors() {
    }

    /** {@code doing} says what Slipway was doing, as in "create Deployment web in namespace apps". */
    static BackendException of(KubernetesClientException e, String doing, String namespace, String cluster) {
        int code = e.getCode();
        if (code <= 0) { // no answer at all
            return new TransientBackendException("could not reach the Kubernetes cluster at " + cluster
                    + " to " + doing + ": " + reason(e) + "; will retry", e);
        }
        String said = said(e.getStatus());
        return switch (code) {
            case 401 -> new PermanentBackendException("the Kubernetes cluster did not accept Slipway's credentials "
                    + "(401 Unauthorized) to " + doing + "; check the kubeconfig or service account", e);
            case 403 -> new PermanentBackendException("Slipway is not allowed to " + doing
                    + " (403 Forbidden)" + detail(said), e);
            case 404 -> missingNamespace(e.getStatus(), said, namespace)
                    ? new PermanentBackendException("the namespace " + namespace + " does not exist in the "
                            + "Kubernetes cluster (404 Not Found)", e)
                    : new PermanentBackendException("could not " + doing + ": not found (404)" + detail(said), e);
            case 409 -> new TransientBackendException("could not " + doing + ": it was changed at the same time "
                    + "(409 Conflict); will retry", e);
            case 422 -> new PermanentBackendException("the Kubernetes cluster refused to " + doing
                    + ": the object is invalid (422 Unprocessable Entity)" + detail(said), e);
            case 429 -> new TransientBackendException("the Kubernetes cluster asked Slipway to slow down "
                    + "(429 Too Many Requests) while trying to " + doing + "; will retry", e);
            default -> code >= 500
                    ? new TransientBackendException("the Kubernetes cluster failed to " + doing + " (" + code + ")"
                            + detail(said) + "; will retry", e)
                    : new PermanentBackendException("the Kubernetes cluster refused to " + doing + " (" + code + ")"
                            + detail(said), e);
        };
    }

    private static boolean missingNamespace(Status status, String said, String namespace) {
        if (status != null && status.getDetails() != null && "namespaces".equals(status.getDetails().getKind())) {
            return true;
        }
        return said != null && said.contains("namespaces \"" + namespace + "\" not found");
    }

    private static String said(Status status) {
        return status != null && status.getMessage() != null && !status.getMessage().isBlank()
                ? status.getMessage().strip() : null;
    }

    private static String detail(String said) {
        return said == null ? "" : ": " + said;
    }

    // Without an answer there is no status; the reason is somewhere down the causes, often without a message.
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof HttpTimeoutException) {
                return "no answer in time";
            }
            if (t instanceof ConnectException) {
                return t.getMessage() != null ? t.getMessage() : "connection refused";
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
