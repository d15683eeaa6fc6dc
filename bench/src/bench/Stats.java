package bench;

import java.util.Arrays;

/**
 * Percentiles and medians over plain arrays (nearest-rank, so a reported p99 is a latency that
 * really occurred).
 */
final class Stats {
  private Stats() {}

  /** Nearest-rank percentile of already sorted values; {@code p} in 0..100. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
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

  static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }
}
