package dev.webhooks.it.jmsapp;

import jakarta.annotation.Resource;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;

/**
 * A separate test application deployed next to the platform: it sends events to the platform's JMS
 * queue the way another application on the same server would.
 */
@ApplicationPath("/")
public class JmsSenderApp extends Application {

  /** POST /send?tenantId=... with the event JSON as the body. */
  @Path("send")
  public static class Sender {
    @Resource(lookup = "jms/webhooks/ConnectionFactory")
    ConnectionFactory cf;

    @Resource(lookup = "jms/webhooks/IncomingEvents")
    Queue queue;

    @POST
    public String send(@QueryParam("tenantId") String tenantId, String body) {
      try (JMSContext ctx = cf.createContext()) {
        var producer = ctx.createProducer();
        if (tenantId != null) {
          producer.setProperty("tenantId", tenantId);
        }
        producer.send(queue, body);
      }
      return "sent";
    }
  }

  /**
   * GET /failed?tenantId=...: takes the messages of that tenant off the failed-events queue and
   * answers one line each, {@code reason<TAB>body}; with {@code &meta=true}, {@code
   * reason<TAB>truncated<TAB>milliseconds until it expires (0: never)<TAB>body length} instead.
   */
  @Path("failed")
  public static class Failed {
    @Resource(lookup = "jms/webhooks/ConnectionFactory")
    ConnectionFactory cf;

    @Resource(lookup = "jms/webhooks/IncomingEventsFailed")
    Queue failed;

    @GET
    public String take(@QueryParam("tenantId") String tenantId, @QueryParam("meta") boolean meta)
        throws JMSException {
      StringBuilder out = new StringBuilder();
      try (JMSContext ctx = cf.createContext();
          JMSConsumer consumer =
              ctx.createConsumer(failed, "tenantId = '" + tenantId.replace("'", "''") + "'")) {
        Message m;
        while ((m = consumer.receive(500)) != null) {
          String body = m.getBody(String.class);
          out.append(m.getStringProperty("reason")).append('\t');
          if (meta) {
            long expiration = m.getJMSExpiration();
            out.append(m.propertyExists("truncated") && m.getBooleanProperty("truncated"))
                .append('\t')
                .append(expiration == 0 ? 0 : expiration - System.currentTimeMillis())
                .append('\t')
                .append(body.length());
          } else {
            out.append(body);
          }
          out.append('\n');
        }
      }
      return out.toString();
    }
  }
}
