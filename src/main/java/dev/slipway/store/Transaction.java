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
}
