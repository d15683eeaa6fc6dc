package bench;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * Latencies recorded in HdrHistograms (nanoseconds, 3 significant digits) and read in milliseconds;
 * medians over plain arrays. Percentiles are nearest-rank, so a reported p99 is a latency that
 * really occurred, to the histogram's precision (the top of its bucket: at most 0.1% above it).
 */
final class Stats {
  private Stats() {}

  /** Significant digits the latency histograms keep. */
  static final int DIGITS = 3;

  /** An empty latency histogram: nanoseconds, any range (it grows as needed). */
  static Histogram latencies() {
    return new Histogram(DIGITS);
  }

  /** Records one latency in nanoseconds; a negative one (clocks of two threads) counts as 0. */
  static void record(Histogram h, long nanos) {
    h.recordValue(Math.max(0, nanos));
  }

  /**
   * Nearest-rank percentile in milliseconds, {@code p} in 0..100; NaN when nothing was recorded.
   */
  static double percentileMs(Histogram h, double p) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1e6;
  }

  /** The largest latency recorded, in milliseconds; NaN when nothing was recorded. */
  static double maxMs(Histogram h) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1e6;
  }

  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
