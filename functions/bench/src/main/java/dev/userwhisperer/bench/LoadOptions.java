package dev.userwhisperer.bench;

import dev.userwhisperer.bench.EventBatches.MessageIds;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options of {@link IngestLoad}.
 *
 * @param runId a prefix of every sequential messageId, so that two runs do not collide as
 *     duplicates
 * @param messageIds {@code --ids uuid} (the default: random UUIDs, as real clients send) or {@code
 *     sequential} (counting up per connection, what this generator sent before 2026-12-08)
 * @param users how many distinct users the events spread over
 * @param paths the endpoints loaded one after the other in one run
 * @param path the endpoint of this run
 */
record LoadOptions(
    String url,
    String apiKey,
    int seconds,
    int warmupSeconds,
    int connections,
    int batchSize,
    int users,
    String runId,
    MessageIds messageIds,
    List<String> paths,
    String path) {

  LoadOptions {
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException(
          "--key <api key> is required (the local runner prints one on first start)");
    }
    if (batchSize < 1 || batchSize > 1000) {
      throw new IllegalArgumentException("--batch must be 1..1000");
    }
    if (connections < 1 || seconds < 1 || users < 1) {
      throw new IllegalArgumentException("--connections, --seconds and --users must be positive");
    }
  }

  static LoadOptions parse(String[] args) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got: " + args[i]);
      }
      given.put(args[i].substring(2), args[++i]);
    }
    return new LoadOptions(
        given.getOrDefault("url", "http://localhost:8080"),
        given.get("key"),
        Integer.parseInt(given.getOrDefault("seconds", "30")),
        Integer.parseInt(given.getOrDefault("warmup", "5")),
        Integer.parseInt(given.getOrDefault("connections", "8")),
        Integer.parseInt(given.getOrDefault("batch", "500")),
        Integer.parseInt(given.getOrDefault("users", "10000")),
        given.getOrDefault("run", Long.toString(System.currentTimeMillis(), 36)),
        MessageIds.parse(given.getOrDefault("ids", "uuid")),
        List.of(given.getOrDefault("paths", "/v1/events").split(",")),
        null);
  }

  /** The same load against {@code path}; each path gets its own messageIds. */
  LoadOptions withPath(String path) {
    return new LoadOptions(
        url,
        apiKey,
        seconds,
        warmupSeconds,
        connections,
        batchSize,
        users,
        runId + path.replaceAll("[^a-z]", ""),
        messageIds,
        paths,
        path);
  }
}
