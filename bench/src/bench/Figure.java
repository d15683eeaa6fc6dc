package bench;

/**
 * One row of the results table. {@code ratio} is measured/ceiling for rates (how close the server
 * comes to what the instrument itself can do), blank for everything else.
 */
record Figure(
    String name, String goal, String measured, String ratio, Verdict verdict, String note) {

  enum Verdict {
    PASS,
    FAIL,
    /** Measured, but the figure has no goal (context for other rows). */
    INFO,
    /** Not measured in this run (scenario not selected, no server, or a prerequisite missing). */
    SKIP,
    /** The scenario broke before it could measure; the note says why. */
    ERROR
  }

  /** A rate with a floor, e.g. deliveries/s >= 3000, and its ratio to the instrument ceiling. */
  static Figure rateAtLeast(
      String name, double goal, double measured, String unit, double ceiling) {
    return new Figure(
        name,
        ">= " + fmt(goal) + " " + unit,
        fmt(measured) + " " + unit,
        ceiling > 0 ? String.format("%.2f", measured / ceiling) : "",
        measured >= goal ? Verdict.PASS : Verdict.FAIL,
        "");
  }

  /** A rate shown for context (no goal of its own), with its ratio to the instrument ceiling. */
  static Figure rate(String name, double measured, String unit, double ceiling) {
    return new Figure(
        name,
        "",
        fmt(measured) + " " + unit,
        ceiling > 0 ? String.format("%.2f", measured / ceiling) : "",
        Verdict.INFO,
        "");
  }

  /** A value with a ceiling, e.g. p99 <= 50 ms. */
  static Figure atMost(String name, double goal, double measured, String unit) {
    return new Figure(
        name,
        "<= " + fmt(goal) + " " + unit,
        fmt(measured) + " " + unit,
        "",
        measured <= goal ? Verdict.PASS : Verdict.FAIL,
        "");
  }

  /** A value with a floor that is not a rate (no ceiling ratio), e.g. isolation ratio >= 0.9. */
  static Figure atLeast(String name, double goal, double measured, String unit) {
    return new Figure(
        name,
        ">= " + fmt(goal) + (unit.isEmpty() ? "" : " " + unit),
        fmt(measured) + (unit.isEmpty() ? "" : " " + unit),
        "",
        measured >= goal ? Verdict.PASS : Verdict.FAIL,
        "");
  }

  static Figure check(String name, String goal, String measured, boolean ok) {
    return new Figure(name, goal, measured, "", ok ? Verdict.PASS : Verdict.FAIL, "");
  }

  static Figure info(String name, String measured) {
    return new Figure(name, "", measured, "", Verdict.INFO, "");
  }

  static Figure skip(String name, String why) {
    return new Figure(name, "", "", "", Verdict.SKIP, why);
  }

  static Figure error(String name, Throwable t) {
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return new Figure(name, "", "", "", Verdict.ERROR, msg.replaceAll("\\s+", " "));
  }

  Figure withNote(String n) {
    return new Figure(name, goal, measured, ratio, verdict, n);
  }

  /** Numbers for people: no more digits than the figure can carry. */
  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a >= 100 || v == Math.rint(v)) {
      return String.format("%,.0f", v);
    }
    return a >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
  }
}
