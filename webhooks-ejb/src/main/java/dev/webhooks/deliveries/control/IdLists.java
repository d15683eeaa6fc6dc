package dev.webhooks.deliveries.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Lists of ids for {@code IN (...)} padded to a few fixed lengths. Derby caches compiled statements
 * by their text, and an IN list of every possible length is a new text: profiling showed the hot
 * claim and record statements being compiled on almost every batch.
 */
final class IdLists {
  private static final int[] LENGTHS = {1, 8, 32, 128, 256, 512};

  private IdLists() {}

  /** Distinct ids, in order, padded with the last one (a repeated id in IN changes nothing). */
  static List<Long> padded(Collection<Long> ids) {
    List<Long> out = new ArrayList<>(new LinkedHashSet<>(ids));
    if (out.isEmpty()) {
      return out;
    }
    int length = lengthFor(out.size());
    Long last = out.get(out.size() - 1);
    while (out.size() < length) {
      out.add(last);
    }
    return out;
  }

  /**
   * Distinct ids cut into slices of at most {@value #SLICE}, each padded. For native statements:
   * EclipseLink binds a native query's positional parameters in time that grows as the square of
   * their number (each one is looked up in the list of those before it); with 512 ids, reading the
   * claimed deliveries took 46% of the server's CPU in #18's P3 profile.
   */
  static List<List<Long>> slices(Collection<Long> ids) {
    List<Long> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
    List<List<Long>> out = new ArrayList<>();
    for (int from = 0; from < distinct.size(); from += SLICE) {
      out.add(padded(distinct.subList(from, Math.min(distinct.size(), from + SLICE))));
    }
    return out;
  }

  /** The most ids one native statement binds. */
  static final int SLICE = 32;

  static int lengthFor(int n) {
    for (int l : LENGTHS) {
      if (n <= l) {
        return l;
      }
    }
    int max = LENGTHS[LENGTHS.length - 1];
    return (n + max - 1) / max * max;
  }

  /** {@code ?,?,...} for a padded list. */
  static String placeholders(int n) {
    StringBuilder b = new StringBuilder(n * 2);
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "?" : ",?");
    }
    return b.toString();
  }
}
