package dev.slipway.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a server's request threads spent their CPU, from the execution samples of a JDK Flight Recorder file: each
 * sample goes to the part of the request path its innermost recognised frame belongs to (a sample in the JDK's
 * HMAC code under {@code SlackSignature} counts as the signature; one in Jetty's parser, as Jetty). The parts are
 * those of an acknowledgement; a durable request's transaction shows as the store.
 */
final class JfrBreakdown {
    /** Request threads: Jetty's pool serves every request Slipway acknowledges. */
    private static final String REQUEST_THREADS = "JettyServerThreadPool";
    private static final String OTHER = "other (JDK code under no part above)";
    private static final Map<String, Pattern> PARTS = parts();

    private JfrBreakdown() {
    }

    private static Map<String, Pattern> parts() {
        Map<String, Pattern> parts = new LinkedHashMap<>();
        parts.put("signature (HMAC-SHA256)", Pattern.compile("SlackSignature"));
        parts.put("filter: body checked and decoded", Pattern.compile("SlackRequestFilter\\.(check|malformed|decodeForm|parseJson)"));
        parts.put("Bolt: request parsed", Pattern.compile("SlackRequestParser|SlashCommandRequest\\.<init>"
                + "|SlashCommandPayloadParser|buildSlackRequest|DecodedSlashCommand|Servlet\\.slashCommand"
                + "|JsonPayloadExtractor|PayloadDetector"));
        parts.put("Slipway: command parsed, ruled on, answered", Pattern.compile("dev\\.slipway\\.app|dev\\.slipway\\.domain"
                + "|SlackMessageText|SlackSurface\\.(slashCommand|take|mention)"));
        parts.put("store: transaction or read", Pattern.compile("dev\\.slipway\\.store|org\\.jdbi|org\\.sqlite|org\\.postgresql"
                + "|com\\.zaxxer"));
        parts.put("answer: JSON made and written", Pattern.compile("com\\.google\\.gson|JsonOps|writeResponse"
                + "|SlackSurface\\.ack|Servlet\\.write"));
        parts.put("Bolt: dispatch and middleware", Pattern.compile("com\\.slack\\.api"));
        parts.put("metrics", Pattern.compile("io\\.micrometer|RequestMeters\\.record"));
        parts.put("logging and its context (MDC)", Pattern.compile("org\\.slf4j|ch\\.qos"));
        parts.put("Jetty, the servlet layer, Slipway's HTTP filters", Pattern.compile("org\\.eclipse\\.jetty|jakarta\\.servlet"
                + "|dev\\.slipway\\.http"));
        return parts;
    }

    /** The Markdown table of {@code recording}: each part's share of the request threads' samples. */
    static String of(Path recording, String title) throws IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        PARTS.keySet().forEach(part -> counts.put(part, 0));
        counts.put(OTHER, 0);
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                        || !event.getThread("sampledThread").getJavaName().startsWith(REQUEST_THREADS)) {
                    continue;
                }
                samples++;
                counts.merge(partOf(event.getStackTrace().getFrames()), 1, Integer::sum);
            }
        }
        StringBuilder md = new StringBuilder("\n#### Where the request threads' CPU goes: " + title + "\n\n"
                + "JDK Flight Recorder, `method-profiling=max` (a sample every millisecond), over the measured window: "
                + samples + " samples of request threads.\n\n| part of the request | share of samples |\n|---|--:|\n");
        for (Map.Entry<String, Integer> part : counts.entrySet()) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f %% |%n", part.getKey(),
                    samples == 0 ? 0 : part.getValue() * 100.0 / samples));
        }
        return md.toString();
    }

    /** The part of the innermost frame that belongs to one, from the leaf up. */
    private static String partOf(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String method = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
            for (Map.Entry<String, Pattern> part : PARTS.entrySet()) {
                if (part.getValue().matcher(method).find()) {
                    return part.getKey();
                }
            }
        }
        return OTHER;
    }

    /** Starts a recording of {@code pid} for {@code seconds}, written to {@code file} when it ends. */
    static void record(long pid, long seconds, Path file) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "JFR.start", "settings=profile", "method-profiling=max",
                "duration=" + seconds + "s", "filename=" + file));
        Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(jcmd.getInputStream().readAllBytes());
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd JFR.start failed: " + said);
        }
    }
}
