package dev.slipway.backend.script;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a command so that it outlives Slipway: output goes to a file rather than a pipe the JVM holds, stdin
 * is empty, and the wrapper shell leads its own session, so neither a restart nor a Ctrl-C sent to Slipway's
 * process group reaches it, and the whole tree can be signalled through the group.
 */
final class ScriptLauncher {
    // $1 is the command, $2 the exit-code file; passed as arguments so no value is ever parsed as shell code.
    // The exit code goes to a temporary name first so a reader never sees a half-written file.
    private static final String WRAPPER = "/bin/sh -c \"$1\"; echo $? > \"$2.tmp\" && mv -f \"$2.tmp\" \"$2\"";
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    private final List<String> sessionPrefix;

    ScriptLauncher() {
        this.sessionPrefix = SETSID.stream().filter(Files::isExecutable).findFirst()
                .map(path -> List.of(path.toString()))
                .orElse(List.of());
    }

    /** Runs {@code command} with {@code environment} as its whole environment; {@code host} is this machine's identity. */
    ScriptRun launch(String command, Path workdir, Map<String, String> environment, Path runDir, String host)
            throws IOException {
        List<String> argv = new ArrayList<>(sessionPrefix);
        String exitCode = runDir.resolve(ScriptRun.EXIT_CODE).toString();
        argv.addAll(List.of("/bin/sh", "-c", WRAPPER, "slipway-script", command, exitCode));

        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve(ScriptRun.OUTPUT).toFile()))
                .redirectErrorStream(true);
        if (workdir != null) {
            builder.directory(workdir.toFile());
        }
        // Built from nothing: the script sees exactly what it is given, never Slipway's own secrets.
        builder.environment().clear();
        builder.environment().putAll(environment);

        // setsid execs in place when its caller is not a group leader, which a JVM's child never is, so this
        // pid is the wrapper shell's and, from here on, its session and process group id as well.
        Process wrapper = builder.start();
        return new ScriptRun(wrapper.pid(), wrapper.info().startInstant().orElse(null), host, runDir);
    }
}
