package dev.userwhisperer.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Replays the CDNOW purchase log (see {@code ../shared/data/cdnow/SOURCE.md}) through the public
 * ingest API on event time: each customer's first purchase is a {@code user_signup} and every
 * purchase a {@code payment_succeeded} with its revenue and number of CDs, timestamped at noon UTC
 * of its day. MessageIds are derived from the data, so a replay that is run again (or resumed after
 * a failure) is answered as duplicates and counts nothing twice.
 *
 * <pre>
 * ./mvnw -q -pl functions/bench compile exec:java -Dexec.mainClass=dev.userwhisperer.bench.CdnowReplay \
 *   -Dexec.args="--url http://localhost:8080 --key uw_… --data ../shared/data/cdnow/CDNOW_master.txt"
 * </pre>
 */
public final class CdnowReplay {
  private static final int BATCH = 1000;
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  /** One line of CDNOW_master.txt. */
  record Purchase(String customerId, LocalDate day, int cds, double dollars, int line) {}

  public static void main(String[] args) throws Exception {
    String url = option(args, "--url", "http://localhost:8080");
    String key = option(args, "--key", null);
    Path data = Path.of(option(args, "--data", "../shared/data/cdnow/CDNOW_master.txt"));
    if (key == null) {
      throw new IllegalArgumentException("--key <api key> is required");
    }
    if (!Files.isReadable(data)) {
      throw new IllegalArgumentException(
          "no CDNOW log at " + data.toAbsolutePath() + " (pass --data)");
    }
    List<String> events = events(read(data));
    Summary summary =
        new CdnowReplay().send(URI.create(url + "/v1/events"), key, events, System.err);
    System.out.printf(
        "%d events sent: %d accepted, %d duplicates, %d rejected%n",
        events.size(), summary.accepted, summary.duplicates, summary.rejected);
    if (summary.rejected > 0) {
      System.exit(1);
    }
  }

  static List<Purchase> read(Path file) throws IOException {
    List<Purchase> purchases = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).trim().split("\\s+");
      if (f.length == 4) {
        purchases.add(
            new Purchase(
                f[0],
                LocalDate.parse(f[1], DAY),
                Integer.parseInt(f[2]),
                Double.parseDouble(f[3]),
                i + 1));
      }
    }
    return purchases;
  }

  /** The events as JSON texts, in event-time order. */
  static List<String> events(List<Purchase> purchases) {
    List<Purchase> ordered = new ArrayList<>(purchases);
    ordered.sort(Comparator.comparing(Purchase::day).thenComparing(Purchase::line));
    Set<String> signedUp = new HashSet<>();
    List<String> events = new ArrayList<>();
    for (Purchase p : ordered) {
      String at = p.day().atTime(12, 0).toInstant(ZoneOffset.UTC).toString();
      String user = "cdnow-" + p.customerId();
      if (signedUp.add(p.customerId())) {
        events.add(
            "{\"messageId\":\"cdnow-signup-"
                + p.customerId()
                + "\",\"type\":\"user_signup\",\"userId\":\""
                + user
                + "\",\"timestamp\":\""
                + at
                + "\",\"context\":{\"timezone\":\"America/New_York\"}}");
      }
      events.add(
          String.format(
              Locale.ROOT,
              "{\"messageId\":\"cdnow-line-%d\",\"type\":\"payment_succeeded\",\"userId\":\"%s\",\"timestamp\":\"%s\","
                  + "\"properties\":{\"revenue\":%.2f,\"currency\":\"USD\",\"quantity\":%d}}",
              p.line(),
              user,
              at,
              p.dollars(),
              p.cds()));
    }
    return events;
  }

  record Summary(long accepted, long duplicates, long rejected) {}

  Summary send(URI endpoint, String key, List<String> events, PrintStream progress)
      throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long accepted = 0;
    long duplicates = 0;
    long rejected = 0;
    for (int from = 0; from < events.size(); from += BATCH) {
      List<String> batch = events.subList(from, Math.min(events.size(), from + BATCH));
      String body = "{\"batch\":[" + String.join(",", batch) + "]}";
      String answer = post(http, endpoint, key, body);
      accepted += count(answer, "accepted");
      duplicates += count(answer, "duplicates");
      rejected += count(answer, "rejected");
      progress.print(bar(from + batch.size(), events.size()));
    }
    progress.println();
    return new Summary(accepted, duplicates, rejected);
  }

  /** Posts, waiting out 429s and retrying 5xx and connection failures with the same body. */
  private static String post(HttpClient http, URI endpoint, String key, String body)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      HttpRequest request =
          HttpRequest.newBuilder(endpoint)
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 202) {
          return response.body();
        }
        if (response.statusCode() != 429 && response.statusCode() < 500) {
          throw new IllegalStateException(
              "ingest refused the batch: " + response.statusCode() + " " + response.body());
        }
        Thread.sleep(1000L * response.headers().firstValueAsLong("Retry-After").orElse(attempt));
      } catch (IOException e) {
        if (attempt >= 5) {
          throw new IllegalStateException("ingest unreachable at " + endpoint, e);
        }
        Thread.sleep(1000L * attempt);
      }
    }
  }

  private static long count(String json, String field) {
    int at = json.indexOf("\"" + field + "\":");
    int start = at + field.length() + 3;
    int end = start;
    while (end < json.length() && Character.isDigit(json.charAt(end))) {
      end++;
    }
    return Long.parseLong(json.substring(start, end));
  }

  static String bar(long done, long total) {
    int width = 40;
    int filled = (int) (width * done / total);
    return String.format(
        Locale.ROOT,
        "\r[%s%s] %,d / %,d events",
        "#".repeat(filled),
        " ".repeat(width - filled),
        done,
        total);
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
