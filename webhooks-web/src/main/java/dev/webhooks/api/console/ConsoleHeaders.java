package dev.webhooks.api.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Every answer under /console carries a Content-Security-Policy that allows scripts, styles and
 * requests from the application's own origin only, and nothing inline: event data comes from
 * outside, and even if some of it were ever written into the page as markup, the browser would run
 * none of it. The page may not be framed, sends no referrer and is not sniffed.
 */
@WebFilter(urlPatterns = {"/console", "/console/*"})
public class ConsoleHeaders extends HttpFilter {
  private static final long serialVersionUID = 1L;

  /** The policy: the application's own origin for scripts, styles, images and fetch; no more. */
  public static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    res.setHeader("Content-Security-Policy", POLICY);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cache-Control", "no-cache");
    if (req.getRequestURI().equals(req.getContextPath() + "/console")) {
      res.sendRedirect(req.getContextPath() + "/console/");
      return;
    }
    chain.doFilter(req, res);
  }
}
