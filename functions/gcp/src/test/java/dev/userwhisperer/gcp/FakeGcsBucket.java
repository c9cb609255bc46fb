package dev.userwhisperer.gcp;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.userwhisperer.core.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Cloud Storage bucket in memory, answering the JSON API requests {@link GcsModelDirectory}
 * sends in their documented wire format: {@code objects.list} ({@code GET /storage/v1/b/B/o} with
 * {@code prefix}, {@code delimiter}, {@code pageToken}; pages of {@value #PAGE} objects), {@code
 * objects.get} with {@code alt=media}, and the simple upload ({@code POST
 * /upload/storage/v1/b/B/o?uploadType=media&name=N}, with {@code ifGenerationMatch=0} answered 412
 * for an existing object); errors as {@code {"error":{"code":..,"message":..}}}; a request without
 * a bearer token is answered 401.
 */
public final class FakeGcsBucket implements ResponseDefinitionTransformerV2 {
  static final int PAGE = 3;

  private record StoredObject(byte[] content, long generation) {}

  private final String bucket;
  private final TreeMap<String, StoredObject> objects = new TreeMap<>();
  private final AtomicLong generations = new AtomicLong(1_700_000_000_000_000L);

  public FakeGcsBucket(String bucket) {
    this.bucket = bucket;
  }

  synchronized Map<String, byte[]> objects() {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    objects.forEach((k, v) -> copy.put(k, v.content()));
    return copy;
  }

  @Override
  public String getName() {
    return "fake-gcs-bucket";
  }

  /** Only on the stubs that name it, so that a test can answer an error instead. */
  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
    Request request = serveEvent.getRequest();
    String auth = request.getHeader("Authorization");
    if (auth == null || !auth.startsWith("Bearer") || auth.substring(6).isBlank()) {
      return error(401, "Anonymous caller does not have storage.objects access.");
    }
    String path = request.getUrl().split("\\?", 2)[0];
    String objectsPath = "/storage/v1/b/" + bucket + "/o";
    if (request.getMethod().getName().equals("GET") && path.equals(objectsPath)) {
      return list(request);
    }
    if (request.getMethod().getName().equals("GET") && path.startsWith(objectsPath + "/")) {
      String name =
          URLDecoder.decode(path.substring(objectsPath.length() + 1), StandardCharsets.UTF_8);
      StoredObject o = objects.get(name);
      if (o == null) {
        return error(404, "No such object: " + bucket + "/" + name);
      }
      if (!"media".equals(param(request, "alt"))) {
        return json(200, resource(name, o));
      }
      return new ResponseDefinitionBuilder()
          .withStatus(200)
          .withHeader("Content-Type", "application/octet-stream")
          .withBody(o.content())
          .build();
    }
    if (request.getMethod().getName().equals("POST")
        && path.equals("/upload" + objectsPath)
        && "media".equals(param(request, "uploadType"))) {
      String name = param(request, "name");
      if ("0".equals(param(request, "ifGenerationMatch")) && objects.containsKey(name)) {
        return error(412, "At least one of the pre-conditions you specified did not hold.");
      }
      StoredObject o = new StoredObject(request.getBody(), generations.incrementAndGet());
      objects.put(name, o);
      return json(200, resource(name, o));
    }
    return error(400, "not a request this fake answers: " + request.getMethod() + " " + path);
  }

  private ResponseDefinition list(Request request) {
    String prefix = param(request, "prefix") == null ? "" : param(request, "prefix");
    String delimiter = param(request, "delimiter");
    String token = param(request, "pageToken");
    List<Map<String, Object>> items = new ArrayList<>();
    TreeSet<String> prefixes = new TreeSet<>();
    String next = null;
    for (Map.Entry<String, StoredObject> e :
        objects.tailMap(token == null ? "" : token).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(prefix)) {
        continue;
      }
      if (items.size() + prefixes.size() == PAGE) {
        next = name;
        break;
      }
      int cut = delimiter == null ? -1 : name.indexOf(delimiter, prefix.length());
      if (cut >= 0) {
        prefixes.add(name.substring(0, cut + delimiter.length()));
      } else {
        items.add(resource(name, e.getValue()));
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", "storage#objects");
    if (!items.isEmpty()) {
      body.put("items", items);
    }
    if (!prefixes.isEmpty()) {
      body.put("prefixes", List.copyOf(prefixes));
    }
    if (next != null) {
      body.put("nextPageToken", next);
    }
    return json(200, body);
  }

  private Map<String, Object> resource(String name, StoredObject o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "storage#object");
    m.put("id", bucket + "/" + name + "/" + o.generation());
    m.put("name", name);
    m.put("bucket", bucket);
    m.put("generation", Long.toString(o.generation()));
    m.put("size", Integer.toString(o.content().length));
    return m;
  }

  private static String param(Request request, String name) {
    QueryParameter p = request.queryParameter(name);
    return p != null && p.isPresent() ? p.firstValue() : null;
  }

  private static ResponseDefinition json(int status, Object body) {
    return new ResponseDefinitionBuilder()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody(Json.encode(body))
        .build();
  }

  private static ResponseDefinition error(int status, String message) {
    return json(status, Map.of("error", Map.of("code", status, "message", message)));
  }
}
