package bench;

import java.util.List;

/**
 * One selectable part of the suite ({@code bench/run.sh p1 r2 ...}). Each stops by itself within
 * bounded time.
 */
interface Scenario {
  /** The command-line name, e.g. "p1". */
  String key();

  /** A one-line description for --help. */
  String title();

  /** Whether it talks to the server (false only for the instrument ceiling). */
  default boolean needsServer() {
    return true;
  }

  /** Whether it must start, stop or kill the server itself (impossible with --external-server). */
  default boolean needsManagedServer() {
    return false;
  }

  /** Runs and returns its rows for the results table. Exceptions become an ERROR row. */
  List<Figure> run(Context ctx) throws Exception;
}
