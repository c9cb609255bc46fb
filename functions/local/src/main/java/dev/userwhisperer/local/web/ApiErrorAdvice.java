package dev.userwhisperer.local.web;

import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.ingest.HttpErrors;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.catalina.connector.ClientAbortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error of the HTTP API, including the framework's own, in the one documented body. A
 * client's mistake is answered 4xx and not logged above DEBUG; only what the server got wrong is
 * logged as an error.
 */
@RestControllerAdvice
class ApiErrorAdvice {
  private static final Logger log = LoggerFactory.getLogger(ApiErrorAdvice.class);

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<byte[]> notFound(NoResourceFoundException e) {
    return error(
        404, Map.of(), ApiError.of("not_found", "no such endpoint: /" + e.getResourcePath()));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<byte[]> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
    String allowed =
        e.getSupportedHttpMethods() == null
            ? ""
            : e.getSupportedHttpMethods().stream()
                .map(Object::toString)
                .sorted()
                .collect(Collectors.joining(", "));
    return error(
        405,
        allowed.isEmpty() ? Map.of() : Map.of(HttpHeaders.ALLOW, allowed),
        ApiError.of(
            "method_not_allowed",
            e.getMethod()
                + " is not supported here"
                + (allowed.isEmpty() ? "" : "; use " + allowed)));
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<byte[]> missingParameter(MissingServletRequestParameterException e) {
    return error(
        400,
        Map.of(),
        new ApiError(
            "missing_parameter",
            "the query parameter '" + e.getParameterName() + "' is required",
            e.getParameterName()));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<byte[]> badParameter(MethodArgumentTypeMismatchException e) {
    return error(
        400,
        Map.of(),
        new ApiError("invalid_parameter", "invalid value for " + e.getName(), e.getName()));
  }

  /**
   * The framework's other refusals (media types, missing headers) carry their status and get our
   * body; anything else is the server's failure.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<byte[]> unexpected(Exception e) {
    if (clientWentAway(e)) {
      log.debug("the client closed the connection: {}", e.toString());
      return null;
    }
    if (e instanceof ErrorResponse refusal && refusal.getStatusCode().value() < 500) {
      int status = refusal.getStatusCode().value();
      log.debug("request refused with {}: {}", status, e.toString());
      return error(status, Map.of(), HttpErrors.forStatus(status));
    }
    log.error("unexpected error answering a request", e);
    return error(500, Map.of(), HttpErrors.forStatus(500));
  }

  /** A broken pipe while answering: the client's doing, and nobody is left to answer. */
  private static boolean clientWentAway(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ClientAbortException) {
        return true;
      }
    }
    return false;
  }

  private static ResponseEntity<byte[]> error(
      int status, Map<String, String> headers, ApiError error) {
    return JsonResponses.of(status, headers, error.body());
  }
}
