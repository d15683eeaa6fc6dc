import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A tiny webhook receiver for trying the platform out: prints every request and, when given the endpoint's
 * secret, checks its Standard Webhooks signature.
 *
 * <p>Run: {@code java tools/Receiver.java 9999 [whsec_...]}. Listens on 127.0.0.1 only and answers 204.
 */
public class Receiver {
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9999;
    String secret = args.length > 1 ? args[1] : null;
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          String id = ex.getRequestHeaders().getFirst("webhook-id");
          String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
          String sig = ex.getRequestHeaders().getFirst("webhook-signature");
          System.out.println("--- " + ex.getRequestMethod() + " " + ex.getRequestURI());
          ex.getRequestHeaders().forEach((k, v) -> System.out.println(k + ": " + String.join(", ", v)));
          System.out.println(new String(body, StandardCharsets.UTF_8));
          if (secret != null && id != null && ts != null && sig != null) {
            System.out.println("signature valid: " + verify(secret, id, ts, body, sig));
          }
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server.start();
    System.out.println("listening on http://127.0.0.1:" + port + "/");
  }

  static boolean verify(String secret, String id, String ts, byte[] body, String header) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.replaceFirst("^whsec_", "")), "HmacSHA256"));
      mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
      String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
      for (String s : header.split(" ")) {
        if (s.equals(expected)) {
          return true;
        }
      }
      return false;
    } catch (Exception e) {
      return false;
    }
  }
}
