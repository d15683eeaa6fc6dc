package bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the server's CPU went: execution samples of a flight recording, counted by the innermost
 * frame of the engine ({@code dev.webhooks}) on their stack, else by thread. Allocation samples are
 * summed the same way. {@code jfr print} on JDK 17 stops at frames without a method; this skips
 * them.
 *
 * <pre>java -cp bench/out/classes bench.JfrProfile bench/out/server-*.jfr [top]</pre>
 */
public final class JfrProfile {
  private JfrProfile() {}

  public static void main(String[] args) throws Exception {
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    Map<String, Long> cpu = new HashMap<>();
    Map<String, Long> alloc = new HashMap<>();
    long samples = 0;
    long allocated = 0;
    try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
      while (file.hasMoreEvents()) {
        RecordedEvent e;
        try {
          e = file.readEvent();
        } catch (Exception ex) {
          break; // a chunk cut short: keep what was read
        }
        String type = e.getEventType().getName();
        if (type.equals("jdk.ExecutionSample")) {
          samples++;
          String thread =
              e.getThread("sampledThread") == null
                  ? "?"
                  : e.getThread("sampledThread").getJavaName().replaceAll("\\d+", "N");
          cpu.merge(site(e.getStackTrace(), "thread " + thread), 1L, Long::sum);
        } else if (type.equals("jdk.ObjectAllocationSample")) {
          long weight = e.getLong("weight");
          allocated += weight;
          alloc.merge(
              e.getClass("objectClass").getName() + " @ " + site(e.getStackTrace(), "?"),
              weight,
              Long::sum);
        }
      }
    }
    System.out.printf("%d execution samples; share by innermost engine frame:%n", samples);
    print(cpu, samples, top, "");
    System.out.printf(
        "%n%d MiB allocated (sampled weight); share by class and engine frame:%n", allocated >> 20);
    print(alloc, allocated, top / 2, "");
  }

  private static String site(RecordedStackTrace stack, String otherwise) {
    if (stack == null) {
      return otherwise;
    }
    List<RecordedFrame> frames = stack.getFrames();
    for (RecordedFrame f : frames) {
      RecordedMethod m = f.getMethod();
      if (m != null && m.getType() != null && m.getType().getName().startsWith("dev.webhooks")) {
        return m.getType().getName().substring("dev.webhooks.".length()) + "." + m.getName();
      }
    }
    return otherwise;
  }

  private static void print(Map<String, Long> counts, long total, int top, String indent) {
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(
            en ->
                System.out.printf(
                    "%s%5.1f%%  %s%n",
                    indent, 100.0 * en.getValue() / Math.max(1, total), en.getKey()));
  }
}
