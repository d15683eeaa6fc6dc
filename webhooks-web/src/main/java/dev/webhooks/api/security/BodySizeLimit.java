package dev.webhooks.api.security;

import dev.webhooks.api.problems.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Request bodies over 1 MiB get 413, whether announced by Content-Length or streamed in chunks. */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodySizeLimit implements ContainerRequestFilter {
  public static final long MAX_BYTES = 1024 * 1024;

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getLength() > MAX_BYTES) {
      request.abortWith(tooLarge());
      return;
    }
    if (request.hasEntity()) {
      request.setEntityStream(new Limited(request.getEntityStream()));
    }
  }

  static Response tooLarge() {
    return Problem.response(
        413, "Content Too Large", "the request body must be at most 1 MiB", null);
  }

  private static final class Limited extends FilterInputStream {
    private long count;

    Limited(InputStream in) {
      super(in);
    }

    private void add(long n) {
      if (n > 0 && (count += n) > MAX_BYTES) {
        throw new WebApplicationException(tooLarge());
      }
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      add(n);
      return n;
    }
  }
}
