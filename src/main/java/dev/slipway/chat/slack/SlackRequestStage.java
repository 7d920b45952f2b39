package dev.slipway.chat.slack;

import okhttp3.Interceptor;

/**
 * How far the Web API request running on this thread got: whether OkHttp ever had a connection to send it on. A
 * request that failed before it had one certainly never reached Slack; one that had one may have been carried out
 * even though no answer came back. OkHttp runs a synchronous call's interceptors on the calling thread, which is what
 * makes a thread-local the right place to keep this.
 */
final class SlackRequestStage {
    private enum Stage { UNKNOWN, CONNECTING, CONNECTED }

    private static final ThreadLocal<Stage> STAGE = ThreadLocal.withInitial(() -> Stage.UNKNOWN);

    /** An application interceptor: the call has started and has no connection yet. */
    static final Interceptor STARTED = chain -> {
        STAGE.set(Stage.CONNECTING);
        return chain.proceed(chain.request());
    };

    /** A network interceptor: OkHttp has a connection and is about to write the request on it. */
    static final Interceptor CONNECTED = chain -> {
        STAGE.set(Stage.CONNECTED);
        return chain.proceed(chain.request());
    };

    private SlackRequestStage() {
    }

    /** Forgets the last call's stage; a client without these interceptors then leaves it unknown. */
    static void beginCall() {
        STAGE.set(Stage.UNKNOWN);
    }

    /** True only when this thread's last call failed before any connection: nothing of it reached Slack. */
    static boolean neverConnected() {
        return STAGE.get() == Stage.CONNECTING;
    }
}
