package dev.slipway.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The Markdown section of one workload under one flag set: per server the median over rounds with its spread,
 * then Slipway's ratios to each peer, taken round by round (the servers of a round ran back to back, so they met
 * the same noise) and summarised the same way. For {@code deploy-pg} the peers' rows are those of {@code deploy}:
 * to them both are the same acknowledgement.
 */
final class ComparisonTable {
    private ComparisonTable() {
    }

    static String of(String flagSet, String workload, String title, List<Run> runs, List<Run> peersFromDeploy) {
        List<Run> all = new ArrayList<>(runs);
        all.addAll(peersFromDeploy);
        StringBuilder md = new StringBuilder();
        md.append("\n### ").append(workload).append(": ").append(title).append(" (JVM flags: ").append(flagSet)
                .append(")\n\n");
        if (!peersFromDeploy.isEmpty()) {
            md.append("Slipway on an embedded PostgreSQL; the peers' figures are those of `deploy` (they only "
                    + "acknowledge).\n\n");
        }
        md.append("| server | rounds | req/s | p50 ms | p99 ms | server CPU µs/req | cold start s: /healthz "
                + "| : first signed answer | peak RSS MiB | non-2xx | not done | I/O errors | CPU cores: load generator "
                + "| : other processes |\n");
        md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (String server : servers(all)) {
            List<Run> mine = of(all, server);
            String name = peersFromDeploy.contains(mine.get(0)) ? server + " (from deploy)" : server;
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %d | %d | %d | %s | %s |%n",
                    name, mine.size(), spread(mine, Run::throughput).text("%,.0f"), spread(mine, Run::p50).text("%.2f"),
                    spread(mine, Run::p99).text("%.2f"), spread(mine, Run::cpuMicrosPerRequest).text("%,.0f"),
                    spread(mine, r -> r.coldStart().toMillis() / 1000.0).text("%.2f"),
                    spread(mine, r -> r.firstAnswer().toMillis() / 1000.0).text("%.2f"),
                    spread(mine, r -> r.peakRssKib() / 1024.0).text("%.0f"),
                    mine.stream().mapToLong(r -> r.result().non2xx()).sum(),
                    mine.stream().mapToLong(r -> r.result().unfulfilled()).sum(),
                    mine.stream().mapToLong(r -> r.result().ioErrors()).sum(),
                    spread(mine, Run::clientCores).text("%.2f"), spread(mine, Run::otherCores).text("%.2f")));
        }
        List<Run> slipway = of(all, "slipway");
        for (String peer : List.of("bolt", "baseline", "before")) {
            List<Run> theirs = of(all, peer);
            if (slipway.isEmpty() || theirs.isEmpty()) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| **slipway ÷ %s** | | %s | %s | %s | %s | %s | %s | %s | | | | | |%n", peer,
                    ratio(slipway, theirs, Run::throughput), ratio(slipway, theirs, Run::p50),
                    ratio(slipway, theirs, Run::p99), ratio(slipway, theirs, Run::cpuMicrosPerRequest),
                    ratio(slipway, theirs, r -> r.coldStart().toMillis()),
                    ratio(slipway, theirs, r -> r.firstAnswer().toMillis()), ratio(slipway, theirs, Run::peakRssKib)));
        }
        md.append(answers(slipway));
        md.append(answers(of(all, "before")).replace("Slipway's answers", "The build before's answers"));
        md.append(backlog(slipway));
        return md.toString();
    }

    /** One line per console: the figures of one run. */
    static String line(Run run) {
        LoadGenerator.Result r = run.result();
        return String.format(Locale.ROOT, "  round %d %-8s %,9.0f req/s  p50 %.2f ms  p99 %.2f ms  cpu %,.0f µs/req  "
                        + "non-2xx %d  not done %d  io %d  cold %.2f s  first answer %.2f s  RSS %.0f MiB  %s",
                run.round(), run.server(), r.throughput(), run.p50(), run.p99(), run.cpuMicrosPerRequest(), r.non2xx(),
                r.unfulfilled(), r.ioErrors(), run.coldStart().toMillis() / 1000.0,
                run.firstAnswer().toMillis() / 1000.0, run.peakRssKib() / 1024.0,
                run.backlog() == null ? run.note() : run.note() + "; backlog drained in " + run.backlog().drained() + " s");
    }

    private static List<String> servers(List<Run> runs) {
        return Servers.ALL.stream().filter(s -> runs.stream().anyMatch(r -> r.server().equals(s))).toList();
    }

    private static List<Run> of(List<Run> runs, String server) {
        return runs.stream().filter(r -> r.server().equals(server)).toList();
    }

    private static Spread spread(List<Run> runs, ToDoubleFunction<Run> figure) {
        return Spread.of(runs.stream().map(figure::applyAsDouble).toList());
    }

    /** Slipway's figure over the peer's, round by round (the i-th run of each), then their median and spread. */
    private static String ratio(List<Run> slipway, List<Run> peer, ToDoubleFunction<Run> figure) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(slipway.size(), peer.size()); i++) {
            ratios.add(figure.applyAsDouble(slipway.get(i)) / figure.applyAsDouble(peer.get(i)));
        }
        return Spread.of(ratios).text("%.2f");
    }

    /** What Slipway's 2xx answers said, over every round (status and first words, numbers as N). */
    private static String answers(List<Run> slipway) {
        Map<String, Long> kinds = new TreeMap<>();
        slipway.forEach(r -> r.result().answerKinds().forEach((kind, n) -> kinds.merge(kind, n, Long::sum)));
        if (kinds.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\nSlipway's answers, all rounds:");
        kinds.forEach((kind, n) -> md.append(String.format(Locale.ROOT, " `%s` %,d;", kind, n)));
        return md.append("\n").toString();
    }

    private static String backlog(List<Run> slipway) {
        if (slipway.stream().allMatch(r -> r.backlog() == null)) {
            return "";
        }
        StringBuilder md = new StringBuilder("\nSlipway's worker backlog when the load stopped, and the time its "
                + "workers took to end every deployment and job (the database polled every 250 ms):\n\n"
                + "| round | deployments stored | not ended at load end | jobs pending at load end | drained in s |\n"
                + "|--:|--:|--:|--:|--:|\n");
        for (Run run : slipway) {
            Backlog b = run.backlog();
            md.append(String.format(Locale.ROOT, "| %d | %,d | %,d | %,d | %s |%n", run.round(), b.deployments(),
                    b.activeAtEnd(), b.pendingAtEnd(), b.drained()));
        }
        return md.toString();
    }
}
