package dev.slipway.backend;

import java.util.Map;

/** What a {@link ProviderHook} answers: a status and a JSON object. */
public record HookAnswer(int status, Map<String, Object> json) {
    public HookAnswer {
        json = Map.copyOf(json);
    }

    /** 200 with what became of the reported deployment. */
    public static HookAnswer reported(RunReports.Answer answer) {
        return new HookAnswer(200, Map.of("deployment", answer.deploymentId(), "state", answer.state(),
                "changed", answer.changed()));
    }

    /** 200 for a call that is understood and deliberately ignored (another kind of event). */
    public static HookAnswer ignored(String why) {
        return new HookAnswer(200, Map.of("ignored", why));
    }

    /**
     * 202 for a delivery that is authentic and readable but about nothing Slipway acts on: another kind of event,
     * or a run or repository it does not know. Nothing changed.
     */
    public static HookAnswer accepted(String why) {
        return new HookAnswer(202, Map.of("ignored", why));
    }

    /** 401: the call is not from the provider. */
    public static HookAnswer unauthorized(String why) {
        return new HookAnswer(401, Map.of("error", why));
    }

    /** 400: the body cannot be read. */
    public static HookAnswer badRequest(String why) {
        return new HookAnswer(400, Map.of("error", why));
    }
}
