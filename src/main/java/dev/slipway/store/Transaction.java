package dev.slipway.store;

/** The repositories of one open transaction; valid only inside {@link Store#inTransaction}. */
public interface Transaction {
    DeploymentRepository deployments();

    LockRepository locks();

    FreezeRepository freezes();

    AuditLog audit();

    JobQueue jobs();

    IdempotencyKeys idempotencyKeys();

    ReviewRepository reviews();

    HandedOnRunRepository handedOnRuns();

    ChannelBindingRepository bindings();

    PeopleRepository people();

    InstallationRepository installations();

    ResponseUrlRepository responseUrls();

    AccessRepository access();

    /**
     * Runs {@code action} once this transaction has committed, and never if it rolls back: for what must not count
     * a change that did not happen, such as a metric. It runs on the committing thread and must be quick; what it
     * throws is logged, not passed on (the commit has happened).
     */
    void afterCommit(Runnable action);
}
