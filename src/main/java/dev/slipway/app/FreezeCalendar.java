package dev.slipway.app;

import dev.slipway.domain.Environment;
import dev.slipway.domain.Freeze;
import dev.slipway.domain.FreezeWindow;
import dev.slipway.domain.Project;
import dev.slipway.store.Transaction;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** The change freeze in force on an environment: a configured window's, or one made from chat. */
final class FreezeCalendar {
    private FreezeCalendar() {
    }

    /** The freeze on {@code environment} at {@code now}, the one that ends last when several hold it. */
    static Optional<Freeze> active(Transaction tx, Project project, Environment environment, Instant now) {
        Stream<Freeze> configured = environment.policy().freezes().stream()
                .map((FreezeWindow window) -> window.at(project.id(), environment.name(), now))
                .flatMap(Optional::stream);
        Stream<Freeze> fromChat = tx.freezes().list(project.id()).stream()
                .filter(freeze -> freeze.holds(environment.name(), now));
        return Stream.concat(configured, fromChat).max(Comparator.comparing(Freeze::until));
    }
}
