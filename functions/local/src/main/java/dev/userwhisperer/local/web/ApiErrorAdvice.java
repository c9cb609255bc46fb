package dev.userwhisperer.local.web;

import dev.userwhisperer.core.ingest.ApiError;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every error of the HTTP API, including the framework's own, in the one documented body. */
@RestControllerAdvice
class ApiErrorAdvice {
  private static final Logger log = LoggerFactory.getLogger(ApiErrorAdvice.class);

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<byte[]> notFound(NoResourceFoundException e) {
    return error(404, new ApiError("not_found", "no such endpoint: /" + e.getResourcePath(), null));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<byte[]> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
    return error(405, new ApiError("method_not_allowed", e.getMessage(), null));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<byte[]> badParameter(MethodArgumentTypeMismatchException e) {
    return error(
        400, new ApiError("invalid_parameter", "invalid value for " + e.getName(), e.getName()));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<byte[]> unexpected(Exception e) {
    log.error("unexpected error answering a request", e);
    return error(
        500,
        new ApiError(
            "internal_error", "unexpected error; retrying with the same messageIds is safe", null));
  }

  private static ResponseEntity<byte[]> error(int status, ApiError error) {
    return JsonResponses.of(status, Map.of(), error.body());
  }
}
