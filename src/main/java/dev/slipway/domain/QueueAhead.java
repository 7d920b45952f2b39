package dev.slipway.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The deployments queued in an environment before a new one, as far as the rules look at them: how many, the first
 * and the last. Read in three bounded statements, so asking costs the same with one queued deployment or thousands.
 */
public record QueueAhead(int size, Optional<Deployment> first, Optional<Deployment> last) {
    public static final QueueAhead EMPTY = new QueueAhead(0, Optional.empty(), Optional.empty());

    public QueueAhead {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (size < 0 || (size == 0) != first.isEmpty() || first.isEmpty() != last.isEmpty()) {
            throw new IllegalArgumentException("a queue of " + size + " with first " + first + " and last " + last);
        }
    }

    /** The queue of {@code queued}, oldest first. */
    public static QueueAhead of(List<Deployment> queued) {
        return queued.isEmpty() ? EMPTY
                : new QueueAhead(queued.size(), Optional.of(queued.get(0)), Optional.of(queued.get(queued.size() - 1)));
    }

    public boolean isEmpty() {
        return size == 0;
    }
}
