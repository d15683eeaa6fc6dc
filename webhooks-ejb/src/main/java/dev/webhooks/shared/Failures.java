package dev.webhooks.shared;

/**
 * Describes a failure of code the engine does not trust (an API style working on a tenant's
 * configuration) in one line for an attempt log or a log record: the kind of failure and its
 * message, never a stack trace, and never longer than {@link #MAX_LENGTH} characters.
 *
 * <p>Loops that run work for many tenants catch {@link Throwable}, not only {@link
 * RuntimeException}: a tenant's template that recursed without end threw {@link StackOverflowError}
 * on the claim pump, the scheduled task died, and no tenant's delivery was sent again. A stack
 * overflow unwinds cleanly, so the thread can go on; an {@link OutOfMemoryError} never reaches
 * these handlers, as the server runs with {@code -XX:+ExitOnOutOfMemoryError}.
 */
public final class Failures {
  static final int MAX_LENGTH = 500;

  private Failures() {}

  public static String describe(Throwable t) {
    if (t == null) {
      return "unknown failure";
    }
    Throwable root = unwrap(t);
    String kind = root.getClass().getSimpleName();
    String text;
    if (root instanceof StackOverflowError) {
      text = kind + ": nested or recursive too deeply";
    } else if (root.getMessage() == null || root.getMessage().isBlank()) {
      text = kind;
    } else {
      text = kind + ": " + root.getMessage();
    }
    text = text.replace('\n', ' ').replace('\r', ' ');
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 1) + "…";
  }

  /**
   * The failure behind container and future wrappers ({@code CompletionException}, {@code
   * EJBException}, ...), which say nothing of their own.
   */
  public static Throwable unwrap(Throwable t) {
    Throwable c = t;
    for (int depth = 0; depth < 10 && c.getCause() != null && isWrapper(c); depth++) {
      c = c.getCause();
    }
    return c;
  }

  private static boolean isWrapper(Throwable t) {
    String n = t.getClass().getName();
    return n.equals("java.util.concurrent.CompletionException")
        || n.equals("java.util.concurrent.ExecutionException")
        || n.equals("jakarta.ejb.EJBException")
        || n.equals("jakarta.ejb.EJBTransactionRolledbackException")
        || n.equals("java.lang.reflect.InvocationTargetException")
        || n.equals("java.lang.reflect.UndeclaredThrowableException");
  }
}
