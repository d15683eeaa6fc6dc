package bench.jmsapp;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * P7's JMS sender: an application deployed next to the platform in the benchmark server (run.sh
 * puts it in the server's dropins as {@code bench-jms.war}), which sends events to the platform's
 * queue as another application on the same server would, a TextMessage each with the string
 * property {@code tenantId}. It is not part of the product and never deployed outside the
 * benchmark.
 */
@ApplicationPath("/")
public class JmsBurstApp extends Application {

  /**
   * {@code POST /bench-jms/burst?tenantId=...&count=N&senders=S} with an event's JSON as the body:
   * sends it N times from S concurrent senders (each its own JMS context: non-transacted,
   * persistent, as an application's plain {@code send} is) and answers the milliseconds it took
   * until the last send returned.
   */
  @Path("burst")
  public static class Burst {
    @Resource(lookup = "jms/webhooks/ConnectionFactory")
    ConnectionFactory cf;

    @Resource(lookup = "jms/webhooks/IncomingEvents")
    Queue queue;

    @Resource ManagedExecutorService executor;

    @POST
    @Produces(MediaType.TEXT_PLAIN)
    public String burst(
        @QueryParam("tenantId") String tenantId,
        @QueryParam("count") int count,
        @QueryParam("senders") int senders,
        String body)
        throws InterruptedException, ExecutionException {
      if (tenantId == null || count < 1 || senders < 1 || senders > 64 || body == null) {
        throw new BadRequestException("tenantId, count >= 1, 1 <= senders <= 64 and a body");
      }
      long t0 = System.nanoTime();
      List<Future<?>> running = new ArrayList<>(senders);
      for (int s = 0; s < senders; s++) {
        int share = count / senders + (s < count % senders ? 1 : 0);
        running.add(
            executor.submit(
                () -> {
                  try (JMSContext ctx = cf.createContext()) {
                    JMSProducer producer = ctx.createProducer().setProperty("tenantId", tenantId);
                    for (int i = 0; i < share; i++) {
                      producer.send(queue, body);
                    }
                  }
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
      return Long.toString((System.nanoTime() - t0) / 1_000_000);
    }
  }
}
