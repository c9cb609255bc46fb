package dev.userwhisperer.local.web;

import dev.userwhisperer.core.ingest.HttpErrors;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the servlet container forwards an error no controller answered (a failure in a filter, a
 * status sent with {@code sendError}): the documented error body in place of Spring Boot's {@code
 * {"timestamp","status","error","path"}}.
 */
@RestController
class JsonErrorController implements ErrorController {

  @RequestMapping("/error")
  ResponseEntity<byte[]> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i && i >= 400 ? i : 500;
    return JsonResponses.of(status, Map.of(), HttpErrors.forStatus(status).body());
  }
}
