package org.pubsubserver.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Latencies from many threads into one HdrHistogram, read per measured phase. */
final class Latency {
    private final Recorder recorder = new Recorder(3);

    void record(long nanos) {
        recorder.recordValue(Math.max(0, nanos));
    }

    /** Forgets what was recorded so far (the warm-up). */
    void reset() {
        recorder.getIntervalHistogram();
    }

    /** What was recorded since the last reset or snapshot. */
    Histogram snapshot() {
        return recorder.getIntervalHistogram();
    }

    /** "p50 / p90 / p99 / max" in milliseconds, or "-" when nothing was recorded. */
    static String percentiles(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return "-";
        }
        return String.format("%s / %s / %s / %s ms", millis(histogram.getValueAtPercentile(50)),
                millis(histogram.getValueAtPercentile(90)), millis(histogram.getValueAtPercentile(99)),
                millis(histogram.getMaxValue()));
    }

    private static String millis(long nanos) {
        double ms = nanos / 1e6;
        return ms < 10 ? String.format("%.2f", ms) : String.format("%.0f", ms);
    }
}
