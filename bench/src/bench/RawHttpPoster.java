package bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The smallest HTTP/1.1 client that can measure the receiver: one keep-alive socket, POST, read the
 * status and headers, skip a Content-Length body. One instance per thread. Used for the instrument
 * ceiling because on two cores java.net.http.HttpClient saturates well before the receiver does
 * (about 11k vs 29k requests/s here), and it now and then loses a request on a reused connection
 * ("header parser received no bytes"), which this does not. It only talks to our own receiver, so
 * chunked replies are out of scope.
 */
final class RawHttpPoster implements AutoCloseable {
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  RawHttpPoster(int port) {
    this.port = port;
  }

  /** POSTs a JSON body with a webhook-id header to 127.0.0.1; returns the status code. */
  int post(String path, String webhookId, byte[] body) throws IOException {
    if (socket == null) {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream());
      out = new BufferedOutputStream(socket.getOutputStream());
    }
    try {
      String head =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1:"
              + port
              + "\r\nContent-Type: application/json\r\nwebhook-id: "
              + webhookId
              + "\r\nContent-Length: "
              + body.length
              + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      return readResponse();
    } catch (IOException e) {
      close(); // next call reconnects
      throw e;
    }
  }

  private int readResponse() throws IOException {
    String status = line();
    int code = Integer.parseInt(status.substring(9, 12)); // "HTTP/1.1 204 ..."
    long length = 0;
    boolean closeAfter = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      String lower = h.toLowerCase();
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(h.substring(15).trim());
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        closeAfter = true;
      } else if (lower.startsWith("transfer-encoding:")) {
        throw new IOException("chunked replies are not supported: " + h);
      }
    }
    for (long left = length; left > 0; ) {
      long n = in.skip(left);
      if (n <= 0) {
        if (in.read() < 0) {
          throw new EOFException("reply body cut short");
        }
        n = 1;
      }
      left -= n;
    }
    if (closeAfter) {
      close();
    }
    return code;
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed by the receiver");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }
}
