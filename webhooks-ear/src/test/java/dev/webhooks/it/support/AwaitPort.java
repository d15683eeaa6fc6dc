package dev.webhooks.it.support;

import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Waits, with a deadline, until something accepts connections on a loopback port: the build's step
 * between starting PostgreSQL in the background and starting the servers that need it. Arguments:
 * port, seconds.
 */
public final class AwaitPort {
  private AwaitPort() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long deadline = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (java.io.IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("nothing listens on 127.0.0.1:" + port, e);
        }
        Thread.sleep(200);
      }
    }
  }
}
