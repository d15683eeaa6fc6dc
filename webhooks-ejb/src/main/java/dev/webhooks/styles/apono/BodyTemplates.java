package dev.webhooks.styles.apono;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.Decorator;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Options;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.ValueResolver;
import com.github.jknack.handlebars.helper.DefaultHelperRegistry;
import com.github.jknack.handlebars.io.AbstractTemplateLoader;
import com.github.jknack.handlebars.io.TemplateSource;
import dev.webhooks.shared.Failures;
import dev.webhooks.shared.Jsonp;
import dev.webhooks.shared.Settings;
import dev.webhooks.spi.LimitExceeded;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders body templates with Handlebars. Inserted values are JSON-escaped (the template supplies
 * the quotes); {@code {{json x}}} writes any value as raw JSON; {@code {{#each}}}, {@code {{#if}}},
 * {@code {{#unless}}} and {@code {{#with}}} are the only helpers. Rendering works on plain Java
 * maps and lists made from the event's JSON.
 *
 * <p>A template is a tenant's code run by the engine, so it runs within a budget and can only fail
 * its own delivery: no partials, inline partials or decorators (the recursion that once overflowed
 * the stack of the engine's thread), no change of delimiters, blocks nested {@value #MAX_NESTING}
 * deep at most, values looked up in the event model only (no method of any object is called), and a
 * render stops with {@link LimitExceeded} when its output or its time goes over the {@link Budget}.
 * At save a template is rendered against the largest event a report can make ({@link
 * IntegrationStates#worstCaseSample()}), so a saved template never goes over its budget later.
 */
public final class BodyTemplates {
  /** Blocks and sub-expressions nested this deep at most. */
  static final int MAX_NESTING = 8;

  /** The only helpers a template may use (and the two Handlebars calls for missing ones). */
  static final Set<String> HELPERS = Set.of("if", "unless", "with", "each", "json");

  /**
   * What one render may use.
   *
   * @param maxOutputChars characters written, and characters one block builds up in memory
   * @param maxTime wall time
   */
  public record Budget(int maxOutputChars, Duration maxTime) {
    public static final Budget DEFAULT = new Budget(2 << 20, Duration.ofMillis(200));

    /** The operator's budget ({@code WEBHOOKS_TEMPLATE_MAX_OUTPUT}, {@code _MAX_MILLIS}). */
    public static Budget of(Settings settings) {
      return new Budget(settings.templateMaxOutput(), settings.templateMaxTime());
    }
  }

  /**
   * Openers that are refused: partials ({@code {{>}}, {@code {{#>}}), decorators and inline
   * partials ({@code {{#*}}, {@code {{*}}), and a change of delimiters ({@code {{=}}).
   */
  private static final Pattern FORBIDDEN = Pattern.compile("\\{\\{\\{?~?\\s*(#>|>|#\\*|\\*|=)");

  private static final Pattern OPENER = Pattern.compile("\\{\\{\\{?~?\\s*([#^/])");

  private static final Handlebars HANDLEBARS =
      new Handlebars(new NoPartials()).with(new ClosedHelpers()).with(BodyTemplates::jsonEscape);

  /** Compiled templates by their text, or why one cannot be used (bounded by total text size). */
  private static final Cache<String, Object> COMPILED =
      Caffeine.newBuilder()
          .maximumWeight(16L * 1024 * 1024)
          .weigher((String k, Object v) -> k.length() + 64)
          .build();

  private BodyTemplates() {}

  private static CharSequence jsonEscape(CharSequence value) {
    if (value == null) {
      return "";
    }
    String quoted = Jsonp.PROVIDER.createValue(value.toString()).toString();
    Render.current().tick(); // what it writes is counted where it is written
    return quoted.substring(1, quoted.length() - 1);
  }

  /**
   * Renders the template against the event model (JSON text) within the default budget; fails with
   * a message saying what went wrong.
   */
  public static String render(String template, String modelJson) {
    return render(template, modelJson, Budget.DEFAULT);
  }

  /**
   * Renders the template against the event model (JSON text). Fails with {@link LimitExceeded} when
   * it goes over the budget, with {@link IllegalArgumentException} when it cannot be used or
   * rendered; both messages say why.
   */
  public static String render(String template, String modelJson, Budget budget) {
    Template t = compiled(template);
    Context context =
        Context.newBuilder(toJava(parse(modelJson))).resolver(ModelResolver.INSTANCE).build();
    Render render = new Render(budget);
    Render previous = Render.CURRENT.get();
    Render.CURRENT.set(render);
    try {
      StringWriter out = new StringWriter();
      t.apply(context, new BudgetedWriter(out, render));
      return out.toString();
    } catch (IOException | RuntimeException | StackOverflowError e) {
      LimitExceeded over = Render.overBudget(e);
      if (over != null) {
        throw over;
      }
      throw new IllegalArgumentException(
          "the template cannot be rendered: " + Failures.describe(e), e);
    } finally {
      Render.CURRENT.set(previous);
      context.destroy();
    }
  }

  /** The compiled template, or {@link IllegalArgumentException} saying why it cannot be used. */
  private static Template compiled(String template) {
    Object c = COMPILED.get(template, BodyTemplates::compile);
    if (c instanceof Template t) {
      return t;
    }
    throw new IllegalArgumentException((String) c);
  }

  /** A compiled template, or the reason (a String) it is refused. */
  private static Object compile(String template) {
    Optional<String> unsafe = unsafe(template);
    if (unsafe.isPresent()) {
      return unsafe.get();
    }
    try {
      return HANDLEBARS.compileInline(template);
    } catch (IOException | RuntimeException e) {
      return "the template cannot be compiled: " + Failures.describe(e);
    } catch (StackOverflowError e) {
      return "the template nests too deep (at most " + MAX_NESTING + " levels)";
    }
  }

  /** Why the template's text is refused before it is compiled, if it is. */
  static Optional<String> unsafe(String template) {
    Matcher m = FORBIDDEN.matcher(template);
    if (m.find()) {
      return Optional.of(
          "uses \""
              + template.substring(m.start(), m.end())
              + "\" at offset "
              + m.start()
              + ": partials, inline partials, decorators and delimiter changes are not"
              + " supported");
    }
    int depth = 0;
    Matcher o = OPENER.matcher(template);
    while (o.find()) {
      char c = o.group(1).charAt(0);
      depth += c == '/' ? -1 : 1;
      if (depth > MAX_NESTING) {
        return Optional.of(
            "nests blocks more than " + MAX_NESTING + " deep (at offset " + o.start() + ")");
      }
    }
    int parens = 0;
    boolean inTag = false;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (!inTag && template.startsWith("{{", i)) {
        inTag = true;
        parens = 0;
      } else if (inTag && template.startsWith("}}", i)) {
        inTag = false;
      } else if (inTag && c == '(' && ++parens > MAX_NESTING) {
        return Optional.of(
            "nests sub-expressions more than " + MAX_NESTING + " deep (at offset " + i + ")");
      } else if (inTag && c == ')') {
        parens--;
      }
    }
    return Optional.empty();
  }

  /**
   * Why the template cannot be saved: it is refused, it goes over the budget for the largest event
   * a report can make, it does not render valid JSON (with line and column), or it reads a name of
   * a list ({@link #readsThroughList}); empty if it can.
   */
  public static Optional<String> invalidJson(String template, String modelJson, Budget budget) {
    try {
      render(template, IntegrationStates.worstCaseSample().toString(), budget);
    } catch (LimitExceeded e) {
      return Optional.of(
          e.getMessage() + ", for the largest status report an integration can send");
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    String out;
    try {
      out = render(template, modelJson, budget);
    } catch (LimitExceeded | IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    try (var r = Jsonp.PROVIDER.createReader(new StringReader(out))) {
      r.readValue();
    } catch (JsonParsingException e) {
      return Optional.of(
          "does not render valid JSON for the sample event: "
              + e.getMessage()
              + (e.getLocation() == null
                  ? ""
                  : " (line "
                      + e.getLocation().getLineNumber()
                      + ", column "
                      + e.getLocation().getColumnNumber()
                      + ")"));
    } catch (RuntimeException e) {
      return Optional.of("does not render valid JSON for the sample event: " + e.getMessage());
    }
    return readsThroughList(template, modelJson);
  }

  /** The model's top-level names: a placeholder starting with one is read from the event's root. */
  static final Set<String> ROOT_NAMES = Set.of("event_type", "event_time", "data");

  /**
   * The placeholders the template prints ({@code {{a.b}}}, {@code {{{a.b}}}}) that read from the
   * event's root (they start with {@link #ROOT_NAMES}), as written, each once. Names inside a block
   * that are relative to its item ({@code {{status}}} in {@code {{#each data.issues}}}) are not
   * among them.
   */
  static List<String> rootPlaceholders(String template) {
    List<String> out = new ArrayList<>();
    for (String name :
        compiled(template)
            .collect(
                com.github.jknack.handlebars.TagType.VAR,
                com.github.jknack.handlebars.TagType.TRIPLE_VAR)) {
      String first = segments(name).get(0);
      if (ROOT_NAMES.contains(first) && !out.contains(name)) {
        out.add(name);
      }
    }
    return out;
  }

  /** A placeholder's path, split into its names ({@code a.[0].b} and {@code a.0.b} alike). */
  static List<String> segments(String name) {
    List<String> out = new ArrayList<>();
    for (String s : name.split("\\.")) {
      out.add(s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s);
    }
    return out;
  }

  /** Where reading {@code path} from {@code model} stops: the value, or why there is none. */
  private record Read(Object value, String throughList, String listPath) {}

  private static Read read(Object model, String path) {
    Object cur = model;
    StringBuilder at = new StringBuilder();
    for (String seg : segments(path)) {
      if (cur instanceof Map<?, ?> m) {
        cur = m.get(seg);
      } else if (cur instanceof List<?> l) {
        if (!seg.matches("\\d{1,9}")) {
          return new Read(null, seg, at.toString());
        }
        int i = Integer.parseInt(seg);
        cur = i < l.size() ? l.get(i) : null;
      } else {
        cur = null;
      }
      at.append(at.length() == 0 ? "" : ".").append(seg);
      if (cur == null) {
        return new Read(null, null, null);
      }
    }
    return new Read(cur, null, null);
  }

  /**
   * Why the template prints nothing where it seems to print a value: a placeholder that reads a
   * name of a list ({@code {{data.issues.status}}}, where {@code issues} is a list), which
   * Handlebars renders as an empty string; empty if there is none. Checked against {@code
   * modelJson}, a sample whose lists are not empty.
   */
  public static Optional<String> readsThroughList(String template, String modelJson) {
    Object model = toJava(parse(modelJson));
    for (String name : rootPlaceholders(template)) {
      Read r = read(model, name);
      if (r.throughList() != null) {
        return Optional.of(
            "{{"
                + name
                + "}} reads \""
                + r.throughList()
                + "\" of the list "
                + r.listPath()
                + ", which renders as an empty string: write {{#each "
                + r.listPath()
                + "}}{{"
                + r.throughList()
                + "}}{{/each}} to print it for each item");
      }
    }
    return Optional.empty();
  }

  /**
   * The placeholders read from the event's root that print nothing for this event: a name it does
   * not have, or a null. Tests show them, so that an empty string is never sent unnoticed.
   */
  public static List<String> unresolved(String template, String modelJson) {
    Object model = toJava(parse(modelJson));
    List<String> out = new ArrayList<>();
    for (String name : rootPlaceholders(template)) {
      if (read(model, name).value() == null) {
        out.add(name);
      }
    }
    return out;
  }

  /** {@link #invalidJson(String, String, Budget)} within the default budget. */
  public static Optional<String> invalidJson(String template, String modelJson) {
    return invalidJson(template, modelJson, Budget.DEFAULT);
  }

  /** One render's use of its budget; the render runs on one thread, which holds it meanwhile. */
  static final class Render {
    static final ThreadLocal<Render> CURRENT = new ThreadLocal<>();

    /** Used outside a render (a template applied by nobody's budget): no limit is charged. */
    private static final Render NONE =
        new Render(new Budget(Integer.MAX_VALUE, Duration.ofDays(1)));

    private final Budget budget;
    private final long deadline;
    private long written;

    Render(Budget budget) {
      this.budget = budget;
      this.deadline = System.nanoTime() + budget.maxTime().toNanos();
    }

    static Render current() {
      Render r = CURRENT.get();
      return r == null ? NONE : r;
    }

    /** Counts {@code chars} of output and checks the total and the time. */
    void charge(long chars) {
      written += chars;
      holding(written);
    }

    /** Checks {@code chars} of output (written, or built up by a block) and the time. */
    void holding(long chars) {
      if (chars > budget.maxOutputChars()) {
        throw new OverBudget(
            "the template's output went over "
                + budget.maxOutputChars()
                + " characters (WEBHOOKS_TEMPLATE_MAX_OUTPUT)");
      }
      tick();
    }

    /** Checks the time. */
    void tick() {
      if (System.nanoTime() - deadline > 0) {
        throw new OverBudget(
            "the template took longer than "
                + budget.maxTime().toMillis()
                + " ms to render (WEBHOOKS_TEMPLATE_MAX_MILLIS)");
      }
    }

    /** The budget exception {@code e} is or wraps (Handlebars wraps what helpers throw). */
    static LimitExceeded overBudget(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof LimitExceeded l) {
          return new LimitExceeded(l.getMessage());
        }
      }
      return null;
    }
  }

  /** Thrown inside a render; {@link #render} rethrows it as a plain {@link LimitExceeded}. */
  static final class OverBudget extends LimitExceeded {
    private static final long serialVersionUID = 1L;

    OverBudget(String message) {
      super(message);
    }
  }

  /** Counts what the template writes at the top level. */
  private static final class BudgetedWriter extends FilterWriter {
    private final Render render;

    BudgetedWriter(Writer out, Render render) {
      super(out);
      this.render = render;
    }

    @Override
    public void write(int c) throws IOException {
      render.charge(1);
      super.write(c);
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
      render.charge(len);
      super.write(buf, off, len);
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
      render.charge(len);
      super.write(str, off, len);
    }
  }

  /** Values are looked up in the event model's maps only: no method of any object is called. */
  private static final class ModelResolver implements ValueResolver {
    static final ModelResolver INSTANCE = new ModelResolver();

    @Override
    public Object resolve(Object context, String name) {
      Render.current().tick();
      if (context instanceof Map<?, ?> m && m.containsKey(name)) {
        return m.get(name);
      }
      return UNRESOLVED;
    }

    @Override
    public Object resolve(Object context) {
      return context instanceof Map
              || context instanceof List
              || context instanceof String
              || context instanceof Number
              || context instanceof Boolean
          ? context
          : UNRESOLVED;
    }

    @Override
    public Set<Map.Entry<String, Object>> propertySet(Object context) {
      if (context instanceof Map<?, ?> m) {
        Map<String, Object> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy.entrySet();
      }
      return Set.of();
    }
  }

  /** A template loader that loads nothing: partials are not supported. */
  private static final class NoPartials extends AbstractTemplateLoader {
    @Override
    public TemplateSource sourceAt(String location) throws IOException {
      throw new IOException("partials are not supported: " + location);
    }
  }

  /**
   * Only {@link #HELPERS}, each charging the render's budget; {@code each} (and a section over a
   * list, {@code {{#data.issues}}}) charges what every item writes. No decorators.
   */
  private static final class ClosedHelpers extends DefaultHelperRegistry {
    private final Map<String, Helper<?>> allowed = new HashMap<>();

    ClosedHelpers() {
      for (String name : List.of("if", "unless", "with")) {
        Helper<Object> builtin = super.helper(name);
        allowed.put(
            name,
            (context, options) -> {
              Render.current().tick();
              return builtin.apply(context, options);
            });
      }
      allowed.put("each", (value, options) -> each(value, options, true));
      // A section over a value, {{#data.issues}}: a list's items, or the value once.
      allowed.put("blockHelperMissing", (value, options) -> each(value, options, false));
      allowed.put(
          "json",
          (context, options) -> {
            Render.current().tick(); // what it writes is counted where it is written
            return new Handlebars.SafeString(toJson(context));
          });
      allowed.put("helperMissing", super.helper("helperMissing"));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C> Helper<C> helper(String name) {
      return (Helper<C>) allowed.get(name);
    }

    @Override
    public Decorator decorator(String name) {
      return null;
    }

    /**
     * Each item of a list, each entry of a map ({@code entries}), or else the block once with the
     * value.
     */
    private static Object each(Object value, Options options, boolean entries) throws IOException {
      Render render = Render.current();
      render.tick();
      if (value == null || options.isFalsy(value)) {
        return options.inverse();
      }
      StringBuilder out = new StringBuilder();
      if (value instanceof List<?> list) {
        int n = list.size();
        for (int i = 0; i < n; i++) {
          Context item =
              Context.newBuilder(options.context, list.get(i))
                  .combine("@index", i)
                  .combine("@first", i == 0)
                  .combine("@last", i == n - 1)
                  .build();
          append(out, options.fn(item), render);
        }
      } else if (value instanceof Map<?, ?> map && entries) {
        int i = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          Context item =
              Context.newBuilder(options.context, e.getValue())
                  .combine("@key", String.valueOf(e.getKey()))
                  .combine("@index", i)
                  .combine("@first", i == 0)
                  .combine("@last", i == map.size() - 1)
                  .build();
          append(out, options.fn(item), render);
          i++;
        }
      } else {
        append(out, options.fn(value), render);
      }
      return new Handlebars.SafeString(out);
    }

    /**
     * Adds an item's output to the block's and checks the block's size against the budget: what a
     * block builds is in memory until it is written, and a block over the budget can only make the
     * whole go over it. (The budget is charged once, where the output is written.)
     */
    private static void append(StringBuilder out, CharSequence item, Render render) {
      out.append(item);
      render.holding(out.length());
    }
  }

  static JsonValue parse(String json) {
    try (var r = Jsonp.PROVIDER.createReader(new StringReader(json))) {
      return r.readValue();
    }
  }

  /**
   * JSON-P values as the maps, lists, strings, numbers and booleans Handlebars resolves paths on.
   */
  static Object toJava(JsonValue v) {
    switch (v.getValueType()) {
      case OBJECT:
        Map<String, Object> m = new LinkedHashMap<>();
        ((JsonObject) v).forEach((k, x) -> m.put(k, toJava(x)));
        return m;
      case ARRAY:
        List<Object> l = new ArrayList<>();
        for (JsonValue x : (JsonArray) v) {
          l.add(toJava(x));
        }
        return l;
      case STRING:
        return ((JsonString) v).getString();
      case NUMBER:
        JsonNumber n = (JsonNumber) v;
        return n.isIntegral() ? (Object) n.longValue() : (Object) n.doubleValue();
      case TRUE:
        return Boolean.TRUE;
      case FALSE:
        return Boolean.FALSE;
      default:
        return null;
    }
  }

  /** Java values (as made by {@link #toJava}) back to JSON text. */
  static String toJson(Object o) {
    return fromJava(o).toString();
  }

  private static JsonValue fromJava(Object o) {
    if (o == null) {
      return JsonValue.NULL;
    }
    if (o instanceof Map<?, ?> m) {
      var b = Jsonp.PROVIDER.createObjectBuilder();
      m.forEach((k, x) -> b.add(String.valueOf(k), fromJava(x)));
      return b.build();
    }
    if (o instanceof List<?> l) {
      var b = Jsonp.PROVIDER.createArrayBuilder();
      l.forEach(x -> b.add(fromJava(x)));
      return b.build();
    }
    if (o instanceof Boolean bool) {
      return bool ? JsonValue.TRUE : JsonValue.FALSE;
    }
    if (o instanceof Long n) {
      return Jsonp.PROVIDER.createValue(n);
    }
    if (o instanceof Integer n) {
      return Jsonp.PROVIDER.createValue(n);
    }
    if (o instanceof Double n) {
      return Jsonp.PROVIDER.createValue(n);
    }
    return Jsonp.PROVIDER.createValue(String.valueOf(o));
  }
}
