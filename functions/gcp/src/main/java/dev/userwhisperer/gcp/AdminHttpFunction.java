package dev.userwhisperer.gcp;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.userwhisperer.core.access.AdminActor;
import dev.userwhisperer.core.access.AdminAnswer;
import dev.userwhisperer.core.access.AppsAdmin;
import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.ingest.ApiKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The apps-and-keys admin API as the HTTP function {@code admin}: the same paths and answers as the
 * local runner's {@code /admin/apps} and {@code /admin/audit}, behind the admin token (whose
 * SHA-256 is compared in constant time). Deploy it IAM-only: the token is a second lock, not the
 * only one.
 */
final class AdminHttpFunction implements HttpFunction {
  static final String FUNCTION = "admin";
  private static final int MAX_BODY = 16 * 1024;
  private static final String BEARER = "Bearer ";
  private static final Pattern APP = Pattern.compile("^/admin/apps/([^/]+)/(archive|keys)$");
  private static final Pattern KEY =
      Pattern.compile("^/admin/apps/([^/]+)/keys/([^/]+)/(rotate|revoke)$");

  private final AppsAdmin admin;
  private final byte[] tokenHash;

  /**
   * @param token the admin token in clear (16 characters or more)
   */
  AdminHttpFunction(AppsAdmin admin, String token) {
    if (token == null || token.strip().length() < 16) {
      throw new IllegalStateException(
          "the admin function needs whisperer.admin-token (WHISPERER_ADMIN_TOKEN), 16 characters"
              + " or more");
    }
    this.admin = admin;
    this.tokenHash = ApiKeys.hash(token.strip()).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    String authorization = request.getFirstHeader("Authorization").orElse(null);
    if (authorization == null || !authorization.startsWith(BEARER)) {
      refuse(
          response,
          ApiError.of(
              "missing_admin_token", "send the admin token as 'Authorization: Bearer <token>'"));
      return;
    }
    byte[] given =
        ApiKeys.hash(authorization.substring(BEARER.length()).strip())
            .getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(tokenHash, given)) {
      refuse(response, ApiError.of("invalid_admin_token", "the admin token is not valid"));
      return;
    }
    AdminAnswer answer = route(request);
    if (answer == null) {
      return404or405(request, response);
      return;
    }
    HttpStages.write(response, answer.status(), Map.of(), answer.body());
  }

  /** The answer, or null when no route takes this method and path. */
  private AdminAnswer route(HttpRequest request) throws IOException {
    String path = request.getPath();
    String method = request.getMethod();
    String actorHeader = request.getFirstHeader(AdminActor.HEADER).orElse(null);
    Optional<AdminAnswer> badActor = AdminActor.refusal(actorHeader);
    String actor = AdminActor.of(actorHeader);
    if (path.equals("/admin/apps")) {
      return switch (method) {
        case "GET" -> admin.listApps();
        case "POST" -> badActor.orElseGet(() -> admin.createApp(actor, body(request)));
        default -> null;
      };
    }
    if (path.equals("/admin/audit") && method.equals("GET")) {
      Map<String, List<String>> query = request.getQueryParameters();
      String appId = first(query, "appId");
      String limit = first(query, "limit");
      int n;
      try {
        n = limit == null ? 100 : Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        n = 0;
      }
      return admin.audit(appId, n);
    }
    Matcher app = APP.matcher(path);
    if (app.matches()) {
      String appId = app.group(1);
      if (app.group(2).equals("archive")) {
        return method.equals("POST")
            ? badActor.orElseGet(() -> admin.archiveApp(actor, appId))
            : null;
      }
      return switch (method) {
        case "GET" -> admin.listKeys(appId);
        case "POST" -> badActor.orElseGet(() -> admin.createKey(actor, appId, body(request)));
        default -> null;
      };
    }
    Matcher key = KEY.matcher(path);
    if (key.matches() && method.equals("POST")) {
      return badActor.orElseGet(
          () ->
              key.group(3).equals("rotate")
                  ? admin.rotateKey(actor, key.group(1), key.group(2), body(request))
                  : admin.revokeKey(actor, key.group(1), key.group(2)));
    }
    return null;
  }

  private static void return404or405(HttpRequest request, HttpResponse response)
      throws IOException {
    boolean known =
        request.getPath().equals("/admin/apps")
            || request.getPath().equals("/admin/audit")
            || APP.matcher(request.getPath()).matches()
            || KEY.matcher(request.getPath()).matches();
    HttpStages.write(
        response,
        known ? 405 : 404,
        Map.of(),
        (known
                ? ApiError.of("method_not_allowed", request.getMethod() + " is not supported here")
                : ApiError.of("not_found", "no such endpoint: " + request.getPath()))
            .body());
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static byte[] body(HttpRequest request) {
    try (InputStream in = request.getInputStream()) {
      return in.readNBytes(MAX_BODY);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static void refuse(HttpResponse response, ApiError error) throws IOException {
    HttpStages.write(
        response, 401, Map.of("WWW-Authenticate", "Bearer realm=\"admin\""), error.body());
  }
}
