package dev.slipway.config;

import java.util.function.Consumer;

/** What the binder does with a text value that starts with {@code enc:v1:}, after {@code ${ENV}} interpolation. */
interface SealedValues {
    /** Leaves sealed values as they are. */
    SealedValues KEEP = (sealed, path, problems) -> sealed;

    /**
     * The value to bind in place of {@code sealed}, found at {@code path}; each problem goes to {@code problems}, and
     * the result is then meaningless.
     */
    String open(String sealed, String path, Consumer<String> problems);
}
