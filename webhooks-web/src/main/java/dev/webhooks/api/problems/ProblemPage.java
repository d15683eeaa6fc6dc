package dev.webhooks.api.problems;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The error page of the web module: what the web container answers itself, before a request reaches
 * JAX-RS (a path with an encoded NUL or slash, a malformed escape), as problem+json like every
 * other error. It never shows the container's exception, only the status and a fixed reason.
 */
@WebServlet("/problem-page")
public class ProblemPage extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(ProblemPage.class.getName());
  private static final Jsonb JSONB = JsonbBuilder.create();

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    Throwable error = (Throwable) req.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    int status = code instanceof Integer i ? i : 500;
    String detail;
    String message = error == null ? null : String.valueOf(error.getMessage());
    if (message != null && message.contains("CWWWC0005I")) {
      status = 400;
      detail =
          "the request path holds characters that are refused in a path segment: a percent-encoded"
              + " NUL, slash or backslash, or an invalid escape";
    } else if (status == 400) {
      detail =
          "the request could not be read: the path or query is not valid percent-encoded UTF-8";
    } else if (status == 404) {
      detail = "no such resource";
    } else if (status == 405) {
      detail = "the method is not allowed here";
    } else {
      if (error != null) {
        LOG.log(Level.SEVERE, "unexpected failure before the application", error);
      }
      status = status >= 400 && status < 600 ? status : 500;
      detail = status >= 500 ? "the server failed; it is logged" : "the request was refused";
    }
    String title =
        status == 400
            ? "Bad Request"
            : status == 404 ? "Not Found" : status == 405 ? "Method Not Allowed" : "Error";
    Problem p =
        new Problem(
            "about:blank#" + title.toLowerCase().replace(' ', '-'), title, status, detail, null);
    resp.resetBuffer();
    resp.setStatus(status);
    resp.setContentType(Problem.MEDIA_TYPE);
    resp.setCharacterEncoding("UTF-8");
    resp.getOutputStream().write(JSONB.toJson(p).getBytes(StandardCharsets.UTF_8));
  }
}
