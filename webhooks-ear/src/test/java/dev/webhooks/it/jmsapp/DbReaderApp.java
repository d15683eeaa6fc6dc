package dev.webhooks.it.jmsapp;

import jakarta.annotation.Resource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;
import java.sql.Connection;
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
  }
}
