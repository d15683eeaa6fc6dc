package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the single results table (notes as numbered footnotes under it, so the table stays narrow
 * enough for a terminal) and writes the same rows, notes included, as TSV for scripts.
 */
final class Table {
  private static final String[] HEAD = {
    "figure", "goal", "measured", "ratio to ceiling", "verdict"
  };

  private Table() {}

  static void print(List<Figure> rows) {
    List<String[]> cells = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    cells.add(HEAD);
    for (Figure f : rows) {
      String verdict = f.verdict().name();
      if (f.note() != null && !f.note().isEmpty()) {
        notes.add(f.note());
        verdict += " [" + notes.size() + "]";
      }
      cells.add(new String[] {f.name(), f.goal(), f.measured(), f.ratio(), verdict});
    }
    int[] w = new int[HEAD.length];
    for (String[] r : cells) {
      for (int i = 0; i < r.length; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    StringBuilder sep = new StringBuilder("+");
    for (int width : w) {
      sep.append("-".repeat(width + 2)).append('+');
    }
    System.out.println(sep);
    for (int r = 0; r < cells.size(); r++) {
      StringBuilder line = new StringBuilder("|");
      for (int i = 0; i < w.length; i++) {
        boolean right = i == 2 || i == 3; // numbers line up on the right
        line.append(' ').append(pad(cells.get(r)[i], w[i], right)).append(" |");
      }
      System.out.println(line);
      if (r == 0) {
        System.out.println(sep);
      }
    }
    System.out.println(sep);
    for (int i = 0; i < notes.size(); i++) {
      System.out.println("[" + (i + 1) + "] " + notes.get(i));
    }
  }

  static void writeTsv(List<Figure> rows, Path file) throws IOException {
    StringBuilder b = new StringBuilder(String.join("\t", HEAD)).append("\tnote\n");
    for (Figure f : rows) {
      b.append(
              String.join(
                  "\t",
                  f.name(),
                  f.goal(),
                  f.measured(),
                  f.ratio(),
                  f.verdict().name(),
                  f.note() == null ? "" : f.note()))
          .append('\n');
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, b.toString());
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(width - s.length());
    return right ? fill + s : s + fill;
  }
}
