package dev.slipway.app;

import dev.slipway.backend.BackendException;
import dev.slipway.backend.Repositories;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Project;
import dev.slipway.domain.PublicText;
import dev.slipway.domain.RefusedException;
import java.util.List;

/** The {@link Repositories} port as use cases ask it: a failure or a missing connection is a refusal a person reads. */
final class CodeHost {
    private final Repositories repositories;

    CodeHost(Repositories repositories) {
        this.repositories = repositories;
    }

    boolean connects(Project project) {
        return project.repository() != null && repositories.connects(project.id());
    }

    Repositories.Access check(Project project) {
        return ask(project, repositories::check);
    }

    List<String> collaborators(Project project) {
        return ask(project, repositories::collaborators);
    }

    List<Repositories.RemoteDeployment> recentDeployments(Project project, int limit) {
        return ask(project, id -> repositories.recentDeployments(id, limit));
    }

    /** One question about a project's repository. */
    @FunctionalInterface
    private interface Question<T> {
        T about(String project) throws BackendException;
    }

    private <T> T ask(Project project, Question<T> question) {
        requireConnection(project);
        try {
            return question.about(project.id());
        } catch (BackendException e) {
            throw failed(project, e);
        }
    }

    private void requireConnection(Project project) {
        if (!connects(project)) {
            throw new RefusedException(ErrorCode.CODE_HOST_FAILED, project.repository() == null
                    ? "%s has no GitHub repository configured (`github.repo`).".formatted(project.id())
                    : "%s (%s) has no GitHub connection: configure its `github` token or app.".formatted(project.id(),
                    project.repository()));
        }
    }

    private static RefusedException failed(Project project, BackendException e) {
        return new RefusedException(ErrorCode.CODE_HOST_FAILED, "GitHub could not answer about %s: %s"
                .formatted(project.repository(), PublicText.of(e.getMessage())));
    }
}
