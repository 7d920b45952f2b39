package dev.slipway.bench;

import java.time.Duration;

/**
 * One server measured once: one round of one workload under one flag set.
 *
 * @param cpuMicrosPerRequest the server process's own CPU time (utime + stime) over the measured window, divided by
 *                            the requests answered in it
 * @param serverCores         its CPU time and that of the children it waited for, divided by the window's length
 * @param backlog             Slipway on the durable path: what the load left for the workers, else null
 */
record Run(String flags, String server, String workload, int round, LoadGenerator.Result result, Duration coldStart,
           Duration firstAnswer, long peakRssKib, double cpuMicrosPerRequest, double serverCores, double clientCores,
           double otherCores, Backlog backlog, String note) {

    double throughput() {
        return result.throughput();
    }

    double p50() {
        return Bench.ms(result.latencyMicros().getValueAtPercentile(50));
    }

    double p99() {
        return Bench.ms(result.latencyMicros().getValueAtPercentile(99));
    }
}
