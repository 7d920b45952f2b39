package dev.slipway.backend.script;

import dev.slipway.backend.StartedRun;
import dev.slipway.domain.StartAttempt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The small files of a run directory. Each is written under a temporary name and renamed into place, so a
 * reader in this or a later process sees either nothing or the whole file.
 */
final class ScriptRunFiles {
    /** Records the started run, so that a second start for the deployment returns it instead of launching. */
    static final String RECORD = "run";
    /** The committed start a launch from this directory was for, written before anything is launched. */
    static final String ATTEMPT = "attempt";

    private ScriptRunFiles() {
    }

    static Optional<StartedRun> recorded(Path runDir) throws IOException {
        Optional<String> record = read(runDir.resolve(RECORD));
        if (record.isEmpty()) {
            return Optional.empty();
        }
        List<String> lines = record.get().lines().toList();
        return Optional.of(new StartedRun(lines.get(0), null, Instant.parse(lines.get(1))));
    }

    static void record(Path runDir, StartedRun run) throws IOException {
        write(runDir.resolve(RECORD), run.handle() + "\n" + run.startedAt() + "\n");
    }

    static void recordAttempt(Path runDir, StartAttempt attempt) throws IOException {
        write(runDir.resolve(ATTEMPT), attempt.key() + "\n");
    }

    /** Whether a launch for {@code attempt} began from this run directory. */
    static boolean attempted(Path runDir, StartAttempt attempt) throws IOException {
        return read(runDir.resolve(ATTEMPT)).map(String::strip).filter(attempt.key()::equals).isPresent();
    }

    static Optional<String> read(Path file) throws IOException {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    static void write(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
