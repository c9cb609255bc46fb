package dev.userwhisperer.gcp;

import com.sun.net.httpserver.HttpServer;
import dev.userwhisperer.analyze.AnalyzeConfiguration;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The analyze pull worker's process (a Cloud Run service, terraform/modules/analyze_worker): the
 * function context of {@link GcpPlatform}, the {@link EventsPullWorker} on the analyze stage, and
 * {@code GET /healthz} on {@code PORT} for Cloud Run's probes (200 while pulling, 503 otherwise,
 * with the worker's counts). SIGTERM stops pulling, analyzes and acknowledges what is held, then
 * closes the clients.
 */
public final class AnalyzeWorker {
  private AnalyzeWorker() {}

  public static void main(String[] args) throws IOException {
    ConfigurableApplicationContext context =
        FunctionContext.builder().registerShutdownHook(false).run(args);
    Environment environment = context.getEnvironment();
    EventsPullWorker worker =
        new EventsPullWorker(
                context.getBean(PubSubClients.class),
                PubSubStage.of(AnalyzeConfiguration.FUNCTION, context),
                PullWorkerSettings.from(environment::getProperty))
            .start();
    HttpServer health = health(Integer.parseInt(environment.getProperty("PORT", "8080")), worker);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  health.stop(0);
                  worker.close();
                  context.close();
                },
                "analyze-worker-stop"));
  }

  /** {@code GET /healthz}: 200 while the worker pulls, 503 otherwise; the body is its counts. */
  static HttpServer health(int port, EventsPullWorker worker) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    }
    server.createContext(
        "/healthz",
        exchange -> {
          EventsPullWorker.Stats stats = worker.stats();
          byte[] body =
              String.format(
                      "{\"pulling\":%b,\"received\":%d,\"acked\":%d,\"nacked\":%d,"
                          + "\"deadLettered\":%d,\"held\":%d}",
                      worker.running(),
                      stats.received(),
                      stats.acked(),
                      stats.nacked(),
                      stats.deadLettered(),
                      stats.held())
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(worker.running() ? 200 : 503, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }
}
