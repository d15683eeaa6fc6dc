package dev.webhooks.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A receiver on loopback that answers as a hostile tenant's receiver would, chosen by path: {@code
 * /flood} a response head of 100,000 header lines, {@code /long-line} one header line of 5 MB,
 * {@code /hang} accepts the request and never answers (the connection stays open until closed). It
 * records the request line of every request it reads.
 */
public final class HostileReceiver implements AutoCloseable {
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  public HostileReceiver() {
    try {
      server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    threads.execute(this::acceptLoop);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
  }

  /** Request lines read so far ("POST /hang/1 HTTP/1.1"), in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** Requests read whose path starts with {@code prefix}. */
  public long count(String prefix) {
    return requests.stream().filter(r -> r.split(" ")[1].startsWith(prefix)).count();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        open.add(s);
        threads.execute(() -> serve(s));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try {
      InputStream in = s.getInputStream();
      String head = readHead(in);
      String requestLine = head.lines().findFirst().orElse("");
      requests.add(requestLine);
      String path = requestLine.split(" ").length > 1 ? requestLine.split(" ")[1] : "/";
      OutputStream out = s.getOutputStream();
      if (path.startsWith("/flood")) {
        StringBuilder b = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 100_000; i++) {
          b.append("X-Flood-").append(i).append(": ").append(i).append("\r\n");
          if (b.length() > 64 * 1024) {
            out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
            b.setLength(0);
          }
        }
        b.append("Content-Length: 0\r\n\r\n");
        out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } else if (path.startsWith("/long-line")) {
        out.write("HTTP/1.1 200 OK\r\nX-Long: ".getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'a');
        for (int i = 0; i < 80; i++) {
          out.write(chunk);
        }
        out.write("\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } else {
        // /hang and anything else: never answer; the server's timeout ends the request.
        return;
      }
      s.close();
    } catch (IOException e) {
      // the client gave up on the answer: what it should do
    }
  }

  /** The request head, then its body as far as Content-Length says. */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int state = 0;
    int b;
    while (state < 4 && (b = in.read()) >= 0) {
      head.append((char) b);
      state = (b == '\r' || b == '\n') ? state + 1 : 0;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
    if (m.find()) {
      in.readNBytes(Integer.parseInt(m.group(1)));
    }
    return head.toString();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    threads.shutdownNow();
  }
}
