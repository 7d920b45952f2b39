package dev.slipway.domain;

/** Stable reasons for refusing a request, each with the HTTP status a web surface answers with. */
public enum ErrorCode {
    UNKNOWN_COMMAND(400),
    BAD_ARGUMENTS(400),
    /** A runbook argument outside what its parameter allows (not one of its values, not matching its pattern). */
    ARGUMENT_NOT_ALLOWED(400),
    UNKNOWN_PROJECT(404),
    UNKNOWN_ENVIRONMENT(404),
    UNKNOWN_DEPLOYMENT(404),
    /** A runbook that is not on the allow-list. */
    UNKNOWN_RUNBOOK(404),
    NO_REF(400),
    BAD_REF(400),
    REF_NOT_ALLOWED(403),
    NOT_A_DEPLOYER(403),
    NOT_PERMITTED(403),
    LOCKED(423),
    ALREADY_LOCKED(409),
    NOT_LOCKED(409),
    ENVIRONMENT_BUSY(409),
    ALREADY_FINISHED(409),
    /** A step only a running deployment takes, asked of one that has not started yet. */
    NOT_RUNNING(409),
    NEEDS_APPROVAL(409),
    /** Someone not among an environment's approvers approves or rejects there. */
    NOT_AN_APPROVER(403),
    /** A requester approving their own deployment. */
    SELF_APPROVAL(403),
    /** An approver's second approval of the same deployment, or a step a deployment does not wait for. */
    ALREADY_DECIDED(409),
    /** An approval after the request expired. */
    APPROVAL_EXPIRED(409),
    /** A deployment during a change freeze. */
    FROZEN(423),
    NOT_FROZEN(409),
    /** A rollback with no earlier successful deployment to go back to. */
    NOTHING_TO_ROLL_BACK(409),
    BAD_BUILD(400),
    /** A repository that no configured project deploys from. */
    UNKNOWN_REPOSITORY(404),
    /** A channel that is bound to no project, asked something only a bound channel can answer. */
    CHANNEL_NOT_BOUND(409),
    /** A code host login someone else has claimed, or a second login for one chat user. */
    ALREADY_CLAIMED(409),
    /** The code host (GitHub) could not answer or refused. */
    CODE_HOST_FAILED(502),
    /** A completion report for a deployment whose backend Slipway follows itself. */
    NOT_REPORTED(409),
    /** A name (of an API token) that is taken already. */
    NAME_TAKEN(409);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Whether a refusal with this code is about policy (who may do what, where, when) and so is kept in the audit
     * log as a denied attempt. Typos, unknown names and a deployment's own state are not: answering them writes
     * nothing.
     */
    public boolean audited() {
        return switch (this) {
            case NOT_A_DEPLOYER, NOT_PERMITTED, REF_NOT_ALLOWED, LOCKED, ALREADY_LOCKED, ENVIRONMENT_BUSY,
                    NEEDS_APPROVAL, ARGUMENT_NOT_ALLOWED, ALREADY_CLAIMED, NOT_AN_APPROVER, SELF_APPROVAL, FROZEN,
                    APPROVAL_EXPIRED -> true;
            default -> false;
        };
    }
}
