package dev.userwhisperer.gcp;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.userwhisperer.core.access.AppsAdmin;
import dev.userwhisperer.core.appconfig.AppConfigApi;
import dev.userwhisperer.core.appconfig.AppConfigValidator;
import dev.userwhisperer.core.compose.PreviewApi;
import dev.userwhisperer.core.feedback.FeedbackResponse;
import dev.userwhisperer.core.feedback.FormEncoding;
import dev.userwhisperer.core.feedback.PreferencePage;
import dev.userwhisperer.core.feedback.ProviderWebhooks;
import dev.userwhisperer.core.feedback.TrackedLinks;
import dev.userwhisperer.core.feedback.WebhookRequest;
import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.ingest.HttpErrors;
import dev.userwhisperer.core.ingest.IngestRequest;
import dev.userwhisperer.core.ingest.IngestResponse;
import dev.userwhisperer.core.ingest.IngestService;
import dev.userwhisperer.core.ingest.SegmentRequest;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.privacy.UserDataApi;
import dev.userwhisperer.feedback.FeedbackConfiguration;
import dev.userwhisperer.sweep.SweepConfiguration;
import dev.userwhisperer.telemetry.StageObserver;
import dev.userwhisperer.telemetry.TraceContext;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.ApplicationContext;

/**
 * The HTTP functions: each turns the request into its stage's input and writes the stage's answer
 * back (status, headers, JSON body). Paths are those of the public API ({@code openapi.yaml}).
 */
final class HttpStages {
  static final String INGEST = "ingest";
  static final String INGEST_PATH = "/v1/events";
  static final String SEGMENT = "segmentIngest";

  /** The admin function's token, from Secret Manager as an environment variable. */
  static final String ADMIN_TOKEN = "WHISPERER_ADMIN_TOKEN";

  /**
   * Segment's Tracking API paths, served by the ingest function beside {@value #INGEST_PATH}, with
   * or without the trailing slash Segment's Java client sends ({@code /v1/import/}).
   */
  private static final Pattern SEGMENT_PATH =
      Pattern.compile("^/v1/(batch|import|track|identify|page|screen|group|alias)/?$");

  static final String PUBLIC_BASE_URL = "whisperer.public-base-url";
  private static final int MAX_WEBHOOK_BYTES = 8 * 1024 * 1024;
  static final String APP_CONFIG_SCHEMA_PATH = "/v1/schema/app-config";
  static final String MODELS_PATH = "/v1/models";

  /** As the local runner's limit: a configuration is a few kilobytes. */
  private static final int MAX_CONFIG_BYTES = 256 * 1024;

  private static final Pattern APP_CONFIG_PATH =
      Pattern.compile("^/v1/apps/([^/]+)/(config|config/versions|preview)$");
  private static final Pattern USER_PATH = Pattern.compile("^/v1/users/([^/]+)(/export)?$");
  private static final Logger log = LoggerFactory.getLogger(HttpStages.class);
  private static final Pattern LINK_PATH =
      Pattern.compile("^/v1/l/([A-Za-z0-9_.=-]+)/(open|click|unsubscribe|preferences)$");

  /** The preference form is a few short fields; a longer body is cut, never read whole. */
  private static final int MAX_FORM_BYTES = 64 * 1024;

  private HttpStages() {}

  /**
   * @throws IllegalStateException when {@code name} is not ingest, feedback, sweep, learn, admin or
   *     appconfig
   */
  static HttpFunction of(String name, ApplicationContext context) {
    FunctionCatalog catalog = context.getBean(FunctionCatalog.class);
    return switch (name) {
      case INGEST ->
          ingest(
              lookup(catalog, Function.class, name),
              lookup(catalog, Function.class, SEGMENT),
              context.getBean(UserDataApi.class),
              context.getBean(StageObserver.class));
      case FeedbackConfiguration.FUNCTION ->
          feedback(
              context.getBean(TrackedLinks.class),
              context.getBean(PreferencePage.class),
              context.getBean(ProviderWebhooks.class),
              context.getEnvironment().getProperty(PUBLIC_BASE_URL, "http://localhost:8080"));
      case AdminHttpFunction.FUNCTION ->
          new AdminHttpFunction(
              context.getBean(AppsAdmin.class),
              context
                  .getEnvironment()
                  .getProperty(
                      ADMIN_TOKEN, context.getEnvironment().getProperty("whisperer.admin-token")));
      case SweepConfiguration.FUNCTION -> scheduled(lookup(catalog, Supplier.class, name));
      case GcpModelLearning.FUNCTION ->
          learn(
              lookup(catalog, Supplier.class, name),
              context.getBean(PendingWarehouseErasure.class));
      case GcpAppConfigApi.FUNCTION ->
          appConfig(
              context.getBean(AppConfigApi.class),
              context.getBean(PreviewApi.class),
              context.getBean(GcpModelsApi.class));
      default ->
          throw new IllegalStateException(
              "no HTTP stage named "
                  + name
                  + "; HttpEntryPoint serves ingest, feedback, sweep, learn, admin and appconfig");
    };
  }

  private static <T> T lookup(FunctionCatalog catalog, Class<?> type, String name) {
    T function = catalog.lookup(type, name);
    if (function == null) {
      throw new IllegalStateException("no " + type.getSimpleName() + " bean named " + name);
    }
    return function;
  }

  private static HttpFunction ingest(
      Function<IngestRequest, IngestResponse> ingest,
      Function<SegmentRequest, IngestResponse> segment,
      UserDataApi users,
      StageObserver observer) {
    return (request, response) -> {
      Matcher userCall = USER_PATH.matcher(request.getPath());
      if (userCall.matches()) {
        users(users, request, response, decodePath(userCall.group(1)), userCall.group(2) != null);
        return;
      }
      Matcher segmentCall = SEGMENT_PATH.matcher(request.getPath());
      if (!INGEST_PATH.equals(request.getPath()) && !segmentCall.matches()) {
        notFound(response, request.getPath());
        return;
      }
      if (!"POST".equals(request.getMethod())) {
        write(
            response,
            405,
            Map.of("Allow", "POST"),
            ApiError.of("method_not_allowed", request.getMethod() + " is not supported").body());
        return;
      }
      byte[] body;
      try (InputStream in = request.getInputStream()) {
        // one byte more than allowed is enough for ingest to answer 413 without reading it all
        body = in.readNBytes(IngestService.MAX_BODY_BYTES + 1);
      } catch (IOException brokenOrStalled) {
        // the client's failure, not ours: answered in the error body, not logged as an error
        boolean stalled = brokenOrStalled instanceof java.net.SocketTimeoutException;
        write(
            response,
            stalled ? 408 : 400,
            Map.of(),
            (stalled ? HttpErrors.requestTimeout() : HttpErrors.truncatedBody()).body());
        return;
      }
      IngestRequest call =
          new IngestRequest(
              request.getFirstHeader("Authorization").orElse(null),
              request.getContentType().orElse(null),
              request.getFirstHeader("Content-Encoding").orElse(null),
              body);
      IngestResponse answer;
      // a caller's (or Google's front end's) traceparent header makes this request part of its
      // trace
      try (Scope ignored =
          TraceContext.parent(request.getFirstHeader(TraceContext.TRACEPARENT).orElse(null))
              .makeCurrent()) {
        answer =
            segmentCall.matches()
                ? observer.serve(
                    SEGMENT,
                    IngestResponse::status,
                    IngestResponse::body,
                    () -> segment.apply(new SegmentRequest(segmentCall.group(1), call)))
                : observer.serve(
                    INGEST, IngestResponse::status, IngestResponse::body, () -> ingest.apply(call));
      }
      write(response, answer.status(), answer.headers(), answer.body());
    };
  }

  /**
   * The user endpoints ({@link UserDataApi}, as on the local runner): GET and DELETE of {@code
   * /v1/users/{userId}}, GET of its {@code /export}.
   */
  private static void users(
      UserDataApi users, HttpRequest request, HttpResponse response, String userId, boolean export)
      throws IOException {
    String authorization = request.getFirstHeader("Authorization").orElse(null);
    String method = request.getMethod();
    IngestResponse answer;
    if (export && "GET".equals(method)) {
      answer = users.export(authorization, userId);
    } else if (!export && "GET".equals(method)) {
      answer =
          users.user(
              authorization,
              userId,
              request.getQueryParameters().getOrDefault("decisionLimit", List.of()).stream()
                  .findFirst());
    } else if (!export && "DELETE".equals(method)) {
      answer = users.erase(authorization, userId);
    } else {
      write(
          response,
          405,
          Map.of("Allow", export ? "GET" : "GET, DELETE"),
          ApiError.of("method_not_allowed", method + " is not supported").body());
      return;
    }
    write(response, answer.status(), answer.headers(), answer.body());
  }

  /** A path segment as the client encoded it: percent-escapes decoded, {@code +} kept. */
  private static String decodePath(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /**
   * The daily learn: the uplift tables and models, then the warehouse erasures that had tables in
   * the streaming buffer, erased again; answers the table and logs what the erasures removed
   * (counts only).
   */
  private static HttpFunction learn(Supplier<?> learn, PendingWarehouseErasure erasures) {
    return (request, response) -> {
      Object table = learn.get();
      PendingWarehouseErasure.Retried retried = erasures.retryPending();
      write(response, 200, Map.of(), table);
      log.info(
          "pending erasures: {} retried, {} finished, {} rows removed",
          retried.retried(),
          retried.finished(),
          retried.rowsRemoved());
    };
  }

  /**
   * The signed links in messages ({@code /v1/l/{token}/…}: GET shows or tracks, only POST
   * unsubscribes or saves the preferences, a form), and the providers' webhooks under {@code
   * /v1/webhooks/}, whose signatures cover the public URL.
   */
  private static HttpFunction feedback(
      TrackedLinks links,
      PreferencePage preferences,
      ProviderWebhooks webhooks,
      String publicBaseUrl) {
    String base =
        publicBaseUrl.endsWith("/")
            ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
            : publicBaseUrl;
    return (request, response) -> {
      Function<WebhookRequest, FeedbackResponse> webhook =
          switch (request.getPath()) {
            case "/v1/webhooks/sendgrid" -> webhooks::sendGrid;
            case "/v1/webhooks/twilio/status" -> webhooks::twilioStatus;
            case "/v1/webhooks/twilio/inbound" -> webhooks::twilioInbound;
            default -> null;
          };
      if (webhook != null) {
        FeedbackResponse answer = webhook.apply(webhookRequest(request, base));
        write(response, answer.status(), Map.of(), answer.body());
        return;
      }
      Matcher path = LINK_PATH.matcher(request.getPath());
      if (!path.matches()) {
        notFound(response, request.getPath());
        return;
      }
      if (!"GET".equals(request.getMethod()) && !"POST".equals(request.getMethod())) {
        write(
            response,
            405,
            Map.of("Allow", "GET, POST"),
            ApiError.of("method_not_allowed", request.getMethod() + " is not supported here")
                .body());
        return;
      }
      String client = clientAddress(request);
      String token = path.group(1);
      boolean post = "POST".equals(request.getMethod());
      TrackedLinks.Answer answer =
          switch (path.group(2)) {
            case "open" -> links.open(client, token);
            case "click" ->
                links.click(
                    client,
                    token,
                    request.getQueryParameters().getOrDefault("u", List.of()).stream()
                        .findFirst()
                        .orElse(null));
            case "preferences" ->
                post
                    ? preferences.save(client, token, formBody(request))
                    : preferences.show(client, token);
            default ->
                post ? links.unsubscribe(client, token) : links.unsubscribePage(client, token);
          };
      response.setStatusCode(answer.status());
      answer.headers().forEach(response::appendHeader);
      response.setContentType(answer.contentType());
      try (OutputStream out = response.getOutputStream()) {
        out.write(answer.body());
      }
    };
  }

  /** The posted form ({@code application/x-www-form-urlencoded}) as text, as the local runner. */
  private static String formBody(HttpRequest request) throws IOException {
    return new String(body(request, MAX_FORM_BYTES), StandardCharsets.UTF_8);
  }

  /** The caller as Google's front end saw it: the first address of X-Forwarded-For. */
  private static String clientAddress(HttpRequest request) {
    return request
        .getFirstHeader("X-Forwarded-For")
        .map(f -> f.split(",")[0].trim())
        .orElse("unknown");
  }

  private static WebhookRequest webhookRequest(HttpRequest request, String base)
      throws IOException {
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_WEBHOOK_BYTES);
    }
    Map<String, String> headers = new HashMap<>();
    request.getHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
    String query = request.getQuery().orElse(null);
    boolean form =
        request
            .getContentType()
            .map(t -> t.startsWith("application/x-www-form-urlencoded"))
            .orElse(false);
    return new WebhookRequest(
        base + request.getPath() + (query == null ? "" : "?" + query),
        headers,
        FormEncoding.parse(query),
        form ? FormEncoding.parse(new String(body, StandardCharsets.UTF_8)) : Map.of(),
        body);
  }

  /**
   * The app configuration's admin API and the preview: {@code GET}/{@code PUT
   * /v1/apps/{appId}/config} ({@code ?version=N}), {@code GET /v1/apps/{appId}/config/versions}
   * ({@code ?limit=N}), {@code POST /v1/apps/{appId}/preview}, {@code GET /v1/schema/app-config}
   * and the app's models, {@code GET /v1/models}, as the local runner serves them.
   */
  private static HttpFunction appConfig(AppConfigApi api, PreviewApi preview, GcpModelsApi models) {
    return (request, response) -> {
      String path = request.getPath();
      String method = request.getMethod();
      String authorization = request.getFirstHeader("Authorization").orElse(null);
      if (path.equals(MODELS_PATH)) {
        if (!"GET".equals(method)) {
          methodNotAllowed(response, method, "GET");
          return;
        }
        IngestResponse answer = models.list(authorization);
        write(response, answer.status(), answer.headers(), answer.body());
        return;
      }
      if (path.equals(APP_CONFIG_SCHEMA_PATH)) {
        if (!"GET".equals(method)) {
          methodNotAllowed(response, method, "GET");
          return;
        }
        response.setStatusCode(200);
        response.setContentType("application/schema+json");
        try (OutputStream out = response.getOutputStream()) {
          out.write(AppConfigValidator.schemaText().getBytes(StandardCharsets.UTF_8));
        }
        return;
      }
      Matcher matcher = APP_CONFIG_PATH.matcher(path);
      if (!matcher.matches()) {
        notFound(response, path);
        return;
      }
      String appId = URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
      String resource = matcher.group(2);
      AppConfigApi.Answer answer;
      if (resource.equals("preview")) {
        if (!"POST".equals(method)) {
          methodNotAllowed(response, method, "POST");
          return;
        }
        answer = preview.preview(authorization, appId, body(request, MAX_CONFIG_BYTES));
      } else if (resource.equals("config/versions")) {
        if (!"GET".equals(method)) {
          methodNotAllowed(response, method, "GET");
          return;
        }
        Long limit = wholeNumber(request, "limit");
        answer =
            limit != null && limit < 0
                ? notANumber("limit")
                : api.history(authorization, appId, limit == null ? 20 : limit.intValue());
      } else if ("GET".equals(method)) {
        Long version = wholeNumber(request, "version");
        answer =
            version != null && version < 0
                ? notANumber("version")
                : api.get(authorization, appId, version);
      } else if ("PUT".equals(method)) {
        byte[] body = body(request, MAX_CONFIG_BYTES + 1);
        answer =
            body.length > MAX_CONFIG_BYTES
                ? new AppConfigApi.Answer(
                    413,
                    ApiError.of(
                            "payload_too_large",
                            "a configuration document is at most " + MAX_CONFIG_BYTES + " bytes")
                        .body())
                : api.put(authorization, appId, body);
      } else {
        methodNotAllowed(response, method, "GET, PUT");
        return;
      }
      write(response, answer.status(), Map.of(), answer.body());
    };
  }

  private static byte[] body(HttpRequest request, int max) throws IOException {
    try (InputStream in = request.getInputStream()) {
      return in.readNBytes(max);
    }
  }

  /** A whole-number query parameter: null when absent, -1 when not a whole number. */
  private static Long wholeNumber(HttpRequest request, String name) {
    return request.getQueryParameters().getOrDefault(name, List.of()).stream()
        .findFirst()
        .map(v -> v.matches("\\d{1,9}") ? Long.valueOf(v) : -1L)
        .orElse(null);
  }

  private static AppConfigApi.Answer notANumber(String parameter) {
    return new AppConfigApi.Answer(
        400, ApiError.of("invalid_value", parameter + " must be a whole number").body());
  }

  private static void methodNotAllowed(HttpResponse response, String method, String allow)
      throws IOException {
    write(
        response,
        405,
        Map.of("Allow", allow),
        ApiError.of("method_not_allowed", method + " is not supported here").body());
  }

  /**
   * Called by Cloud Scheduler: the sweep (its report says what it published) and the daily uplift
   * refresh (the table it stored).
   */
  /** Called by Cloud Scheduler: the sweep (its report says what it published). */
  private static HttpFunction scheduled(Supplier<?> job) {
    return (request, response) -> write(response, 200, Map.of(), job.get());
  }

  private static void notFound(HttpResponse response, String path) throws IOException {
    write(response, 404, Map.of(), ApiError.of("not_found", "no such endpoint: " + path).body());
  }

  static void write(HttpResponse response, int status, Map<String, String> headers, Object body)
      throws IOException {
    response.setStatusCode(status);
    headers.forEach(
        (name, value) -> {
          if (!name.equalsIgnoreCase(IngestResponse.CONTENT_TYPE)) {
            response.appendHeader(name, value);
          }
        });
    response.setContentType(IngestResponse.JSON);
    try (OutputStream out = response.getOutputStream()) {
      out.write(Json.encode(body));
    }
  }
}
