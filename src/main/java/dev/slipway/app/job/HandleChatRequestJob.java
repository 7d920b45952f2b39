package dev.slipway.app.job;

import dev.slipway.app.ChatRequest;
import dev.slipway.app.JobKinds;
import dev.slipway.app.command.CommandDispatcher;
import dev.slipway.app.command.CommandParser;
import dev.slipway.app.command.Invocation;
import dev.slipway.app.command.Reply;
import dev.slipway.chat.ChatDeliveryException;
import dev.slipway.chat.ChatNotifier;
import dev.slipway.store.Job;

/**
 * Answers a chat request taken in by the inbox: runs its command and replies where it was asked. A deployment
 * it starts is keyed by the request, so a second run of this job (after a crash) does not start another; it
 * then says nothing, since the deployment reports itself.
 */
public final class HandleChatRequestJob implements JobHandler {
    private final String surface;
    private final ChatNotifier notifier;
    private final CommandParser parser;
    private final CommandDispatcher dispatcher;

    public HandleChatRequestJob(String surface, ChatNotifier notifier, CommandParser parser, CommandDispatcher dispatcher) {
        this.surface = surface;
        this.notifier = notifier;
        this.parser = parser;
        this.dispatcher = dispatcher;
    }

    @Override
    public String kind() {
        return JobKinds.chatRequestKind(surface);
    }

    @Override
    public void handle(Job job) throws Exception {
        ChatRequest request = ChatRequest.fromPayload(job.payload());
        Reply reply = dispatcher.dispatch(parser.parse(request.text()),
                new Invocation(request.user(), request.origin(), "request:" + request.primaryKey()));
        // The deployment's own reports answer in the thread; a button's presser, answered privately, is also told
        // what the report does not say (a rollback's lock, what a retry or a confirmation led to).
        if (reply.duplicate() || (reply.deploymentId().isPresent() && !request.privately())) {
            return;
        }
        try {
            notifier.reply(request.origin(), request.user(), reply.text(), reply.choices(), request.privately());
        } catch (ChatDeliveryException e) {
            throw RetryLater.of(e);
        }
    }
}
