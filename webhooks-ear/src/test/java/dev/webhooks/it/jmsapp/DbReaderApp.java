package dev.webhooks.it.jmsapp;

import jakarta.annotation.Resource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;

/** A test application that reads the platform's tables raw, to check what is stored at rest. */
@ApplicationPath("/")
public class DbReaderApp extends Application {

  /** GET /dump?table=WH_ENDPOINT: every value of every row, as text. */
  @Path("dump")
  public static class Dump {
    @Resource(lookup = "jdbc/webhooks")
    DataSource ds;

    @GET
    public String dump(@QueryParam("table") String table) throws Exception {
      if (table == null || !table.matches("WH_[A-Z_]+")) {
        return "";
      }
      StringBuilder out = new StringBuilder();
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= n; i++) {
            out.append(rs.getString(i)).append('\t');
          }
          out.append('\n');
        }
      }
      return out.toString();
    }

    /**
     * POST /dump/age?tenantId=...&days=N: makes one tenant's events and deliveries N days older, so
     * a test can prove what the retention purge does with old data without waiting for it to age.
     */
    @POST
    @Path("age")
    public String age(@QueryParam("tenantId") String tenantId, @QueryParam("days") int days)
        throws Exception {
      int n = 0;
      try (Connection c = ds.getConnection()) {
        for (String table : new String[] {"WH_EVENT", "WH_DELIVERY"}) {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE "
                      + table
                      + " SET CREATED_AT = {fn TIMESTAMPADD(SQL_TSI_DAY, "
                      + (-days)
                      + ", CREATED_AT)} WHERE TENANT_ID ="
                      + " (SELECT ID FROM WH_TENANT WHERE PUBLIC_ID = ?)")) {
            s.setString(1, tenantId);
            n += s.executeUpdate();
          }
        }
      }
      return Integer.toString(n);
    }

    /**
     * GET /dump/count?table=WH_X[&notNull=COLUMN][&tenantId=PUBLIC_ID]: how many rows (with that
     * column set, of that tenant).
     */
    @GET
    @Path("count")
    public String count(
        @QueryParam("table") String table,
        @QueryParam("notNull") String column,
        @QueryParam("tenantId") String tenantId)
        throws Exception {
      if (table == null || !table.matches("WH_[A-Z_]+")) {
        return "";
      }
      String where = "";
      if (column != null) {
        if (!column.matches("[A-Z_]+")) {
          return "";
        }
        where = " WHERE " + column + " IS NOT NULL";
      }
      if (tenantId != null) {
        where +=
            (where.isEmpty() ? " WHERE" : " AND")
                + " TENANT_ID = (SELECT ID FROM WH_TENANT WHERE PUBLIC_ID = ?)";
      }
      try (Connection c = ds.getConnection();
          PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + table + where)) {
        if (tenantId != null) {
          s.setString(1, tenantId);
        }
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return Long.toString(rs.getLong(1));
        }
      }
    }
  }
}
