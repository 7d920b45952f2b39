package dev.slipway.domain.rule;

/** What a person asks to do; each rule says which of these it guards. */
public enum Action {
    /** Ship a ref (also a retry, a rollback, a promoted build). */
    DEPLOY,
    /** Confirm one's own deployment that waits for it. */
    CONFIRM,
    /** Approve or reject a deployment that awaits approval. */
    APPROVE,
    REJECT,
    /** Stop a deployment, or say how one whose end nobody here saw has ended. */
    CANCEL,
    RESOLVE,
    /** Lift someone's lock (taking one is anyone's). */
    UNLOCK,
    /** Freeze or unfreeze an environment from chat (pushing a deployment through one is a forced DEPLOY). */
    FREEZE,
    UNFREEZE,
    /** Post a build by hand; a QA member's verdict on a build; ship a reviewed build; close its review. */
    POST_BUILD,
    JUDGE_BUILD,
    PROMOTE,
    CLOSE
}
