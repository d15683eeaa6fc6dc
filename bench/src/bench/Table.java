package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Prints the single results table and writes the same rows as TSV for scripts. */
final class Table {
  private static final String[] HEAD = {"figure", "goal", "measured", "ratio to ceiling", "verdict", "note"};

  private Table() {}

  static void print(List<Figure> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(HEAD);
    for (Figure f : rows) {
      cells.add(row(f));
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
        String c = cells.get(r)[i];
        // Numbers and verdicts read best right-aligned; names and notes left-aligned.
        boolean right = i == 2 || i == 3;
        line.append(' ')
            .append(right ? pad(c, w[i], true) : pad(c, w[i], false))
            .append(" |");
      }
      System.out.println(line);
      if (r == 0) {
        System.out.println(sep);
      }
    }
    System.out.println(sep);
  }

  static void writeTsv(List<Figure> rows, Path file) throws IOException {
    StringBuilder b = new StringBuilder(String.join("\t", HEAD)).append('\n');
    for (Figure f : rows) {
      b.append(String.join("\t", row(f))).append('\n');
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, b.toString());
  }

  private static String[] row(Figure f) {
    return new String[] {
      f.name(), f.goal(), f.measured(), f.ratio(), f.verdict().name(), f.note() == null ? "" : f.note()
    };
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(width - s.length());
    return right ? fill + s : s + fill;
  }
}
