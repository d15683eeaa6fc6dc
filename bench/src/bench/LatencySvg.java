package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Writes a latency histogram as a standalone SVG: logarithmic millisecond axis (latencies span 0.1
 * ms to seconds), one bar per bin, with the measured p50/p99 and their goals drawn as vertical
 * lines. The bars are read from the latencies' HdrHistogram: each of its buckets (3 significant
 * digits) falls into the bin of its highest value, as its percentiles do.
 */
final class LatencySvg {
  private static final double MIN_MS = 0.1;
  private static final double MAX_MS = 10_000;
  private static final int BINS = 60;
  private static final int W = 800;
  private static final int H = 400;
  private static final int LEFT = 60;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  private LatencySvg() {}

  static void write(
      Path file,
      String title,
      Histogram latenciesNanos,
      double p50,
      double p99,
      double goalP50,
      double goalP99)
      throws IOException {
    long[] counts = new long[BINS];
    for (HistogramIterationValue v : latenciesNanos.recordedValues()) {
      counts[bin(v.getValueIteratedTo() / 1e6)] += v.getCountAtValueIteratedTo();
    }
    long maxCount = 1;
    for (long c : counts) {
      maxCount = Math.max(maxCount, c);
    }
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n",
            W,
            H));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(text(W / 2.0, 22, "middle", 14, esc(title)));
    // bars
    double barW = (double) plotW / BINS;
    for (int i = 0; i < BINS; i++) {
      if (counts[i] == 0) {
        continue;
      }
      double h = (double) counts[i] / maxCount * plotH;
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                  + " fill=\"#4a7ab5\"><title>%s</title></rect>%n",
              LEFT + i * barW,
              TOP + plotH - h,
              Math.max(1, barW - 1),
              h,
              String.format(Locale.ROOT, "%.2f-%.2f ms: %d", edge(i), edge(i + 1), counts[i])));
    }
    // axes and decade ticks
    s.append(line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "black", false));
    s.append(line(LEFT, TOP, LEFT, TOP + plotH, "black", false));
    for (double d = MIN_MS; d <= MAX_MS * 1.0001; d *= 10) {
      double x = x(d);
      s.append(line(x, TOP + plotH, x, TOP + plotH + 5, "black", false));
      s.append(text(x, TOP + plotH + 18, "middle", 11, d < 1 ? "0.1" : String.format("%.0f", d)));
    }
    s.append(
        text(
            LEFT + plotW / 2.0,
            H - 10,
            "middle",
            12,
            "latency, ms (ingest reply to arrival, log scale)"));
    s.append(text(LEFT - 8, TOP + 4, "end", 11, Long.toString(maxCount)));
    s.append(text(LEFT - 8, TOP + plotH, "end", 11, "0"));
    // markers: measured solid, goals dashed
    marker(s, p50, "#2a9d4b", false, "p50 " + fmt(p50));
    marker(s, p99, "#d1495b", false, "p99 " + fmt(p99));
    marker(s, goalP50, "#2a9d4b", true, "goal p50");
    marker(s, goalP99, "#d1495b", true, "goal p99");
    s.append("</svg>\n");
    Files.createDirectories(file.getParent());
    Files.writeString(file, s.toString());
  }

  private static void marker(
      StringBuilder s, double ms, String color, boolean dashed, String label) {
    if (Double.isNaN(ms)) {
      return;
    }
    double x = x(Math.max(MIN_MS, Math.min(MAX_MS, ms)));
    s.append(line(x, TOP, x, H - BOTTOM, color, dashed));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%d\" fill=\"%s\" font-size=\"11\" transform=\"rotate(-90 %.1f"
                + " %d)\">%s</text>%n",
            x - 3,
            TOP + 60,
            color,
            x - 3,
            TOP + 60,
            esc(label)));
  }

  private static int bin(double ms) {
    double v = Math.max(MIN_MS, Math.min(MAX_MS * 0.999999, ms));
    return (int) (Math.log10(v / MIN_MS) / Math.log10(MAX_MS / MIN_MS) * BINS);
  }

  private static double edge(int i) {
    return MIN_MS * Math.pow(MAX_MS / MIN_MS, (double) i / BINS);
  }

  private static double x(double ms) {
    return LEFT + Math.log10(ms / MIN_MS) / Math.log10(MAX_MS / MIN_MS) * (W - LEFT - RIGHT);
  }

  private static String line(
      double x1, double y1, double x2, double y2, String color, boolean dashed) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>%n",
        x1,
        y1,
        x2,
        y2,
        color,
        dashed ? " stroke-dasharray=\"5,4\"" : "");
  }

  private static String text(double x, double y, String anchor, int size, String body) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
        x,
        y,
        anchor,
        size,
        body);
  }

  private static String fmt(double ms) {
    return String.format(Locale.ROOT, "%.2f ms", ms);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
