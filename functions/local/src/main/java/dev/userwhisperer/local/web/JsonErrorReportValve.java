package dev.userwhisperer.local.web;

import dev.userwhisperer.core.ingest.HttpErrors;
import dev.userwhisperer.core.json.Json;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error page for what fails before the application sees the request (a URL with {@code
 * %00}, headers over the limit or too many of them, a malformed request line): the documented JSON
 * error body instead of Tomcat's HTML page. Public with a no-argument constructor: Tomcat creates
 * it by class name ({@code StandardHost#setErrorReportValveClass}).
 */
public final class JsonErrorReportValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    try {
      response.setContentType("application/json");
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(Json.encodeToString(HttpErrors.forStatus(status).body()));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException clientGone) {
      // the connection is closing; nothing can be answered
    }
  }
}
