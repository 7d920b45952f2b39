package dev.slipway.app.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.app.Catalog;
import dev.slipway.app.JobKinds;
import dev.slipway.backend.Backend;
import dev.slipway.backend.Backends;
import dev.slipway.backend.Cancellation;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.FollowedBackend;
import dev.slipway.backend.RunResult;
import dev.slipway.backend.StartLookup;
import dev.slipway.backend.StartedRun;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Environment;
import dev.slipway.domain.Policy;
import dev.slipway.domain.PreviewSlot;
import dev.slipway.domain.Project;
import dev.slipway.domain.Projects;
import dev.slipway.domain.Review;
import dev.slipway.domain.ReviewState;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import dev.slipway.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A closed build's preview is taken down, unless a newer build of the same target took its slot over. */
class RetirePreviewJobTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final PreviewSlot SLOT = new PreviewSlot("branch", "feature-login");
    private static final Project SHOP = new Project("shop", "Shop", List.of("U1"), List.of("U2"), "C1", null,
            Map.of("preview", new Environment("preview", Policy.open(), "kubernetes", null)),
            "https://shop.example.com", "token", null, null);

    @TempDir
    Path dir;

    private Store store;
    private final List<DeploymentTask> retired = new CopyOnWriteArrayList<>();
    private RetirePreviewJob job;

    @BeforeEach
    void open() {
        store = SqliteStore.open("jdbc:sqlite:" + dir.resolve("s.db"), 2);
        Backend recording = new FollowedBackend() {
            @Override
            public StartedRun start(DeploymentTask task) {
                throw new UnsupportedOperationException();
            }

            @Override
            public StartLookup findStart(DeploymentTask task) {
                throw new UnsupportedOperationException();
            }

            @Override
            public RunResult follow(DeploymentTask task, StartedRun run) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Cancellation cancel(DeploymentTask task, StartedRun run) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void retire(DeploymentTask task) {
                retired.add(task);
            }
        };
        job = new RetirePreviewJob(store, new Backends(Map.of(Backends.key("shop", "preview"), recording)),
                new Catalog(new Projects(List.of(SHOP))));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void retires_the_preview_of_a_closed_build_with_its_slot_and_the_projects_url() throws Exception {
        Review closed = review("registry.example.com/shop:1", ReviewState.CLOSED);

        job.handle(jobFor(closed));

        assertThat(retired).singleElement().satisfies(task -> {
            assertThat(task.deploymentId()).isEqualTo(closed.deploymentId());
            assertThat(task.preview()).isEqualTo(SLOT);
            assertThat(task.projectUrl()).isEqualTo("https://shop.example.com");
            assertThat(task.ref()).isEqualTo("registry.example.com/shop:1");
        });
    }

    @Test
    void leaves_a_slot_that_a_newer_build_took_over() throws Exception {
        Review closed = review("registry.example.com/shop:1", ReviewState.CLOSED);
        review("registry.example.com/shop:2", ReviewState.OPEN);

        job.handle(jobFor(closed));

        assertThat(retired).isEmpty();
    }

    @Test
    void leaves_a_review_that_is_not_closed() throws Exception {
        Review open = review("registry.example.com/shop:1", ReviewState.OPEN);

        job.handle(jobFor(open));

        assertThat(retired).isEmpty();
    }

    private Review review(String image, ReviewState state) {
        return store.inTransaction(tx -> {
            Deployment preview = tx.deployments().insert(Deployment.preview("shop", "preview", image, "ci",
                    new ChatOrigin("slack", "C1", null), SLOT, T0).moveTo(DeploymentState.RUNNING, T0)
                    .moveTo(DeploymentState.SUCCEEDED, T0));
            Review review = new Review(preview.id(), "shop", image, "branch", "feature/login", SLOT, "slack", state,
                    null, null, null, null, T0, T0);
            tx.reviews().insert(review);
            return review;
        });
    }

    private static Job jobFor(Review review) {
        return new Job(1, JobKinds.RETIRE_PREVIEW, Long.toString(review.deploymentId()), null, T0, 0, Job.PENDING, null);
    }
}
