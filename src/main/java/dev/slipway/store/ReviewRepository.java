package dev.slipway.store;

import dev.slipway.domain.Review;
import dev.slipway.domain.ReviewState;
import dev.slipway.domain.Verdict;
import java.util.List;
import java.util.Optional;

/** Builds under review, their reviewers' verdicts, and the message each person was sent about them. */
public interface ReviewRepository {

    /**
     * Stores a new review. Throws {@link ConflictException} when the same build (project, image, type, target)
     * already has a review in flight.
     */
    void insert(Review review);

    Optional<Review> findById(long deploymentId);

    /** The review in flight (previewing, open or promoting) of exactly this build. */
    Optional<Review> findInFlight(String project, String image, String buildType, String target);

    /** The review whose latest promotion is this deployment. */
    Optional<Review> findByProductionDeployment(long productionDeploymentId);

    /** Every review in flight (previewing, open or promoting), of one project or of all when it is null, oldest first. */
    List<Review> listInFlight(String project);

    /** Open reviews of a project's preview slot, oldest first. */
    List<Review> listOpenInSlot(String project, String slotKey);

    /**
     * Overwrites the mutable fields (state, production deployment, decision, note, updated) of the review with the
     * same id, but only if its stored state is still {@code expected}; false, and nothing written, otherwise.
     */
    boolean update(Review review, ReviewState expected);

    /** Records a reviewer's verdict, replacing their earlier one on the same build. */
    void saveVerdict(Verdict verdict);

    /** Each reviewer's latest verdict on a build, in the order they were given. */
    List<Verdict> listVerdicts(long deploymentId);

    /** Remembers the message {@code recipient} was sent about a build, replacing any remembered before. */
    void saveMessageRef(long deploymentId, String recipient, String messageRef);

    Optional<String> findMessageRef(long deploymentId, String recipient);
}
