package dev.userwhisperer.local.web;

import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.local.LocalProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every {@code /admin/*} request carries the admin token as {@code Authorization: Bearer <token>},
 * or is answered 401 before any admin endpoint runs (the app's API keys do not open it). The apps,
 * keys and audit API ({@code /admin/apps}, {@code /admin/audit}) is always there; the operator
 * controls (clock, bus, sweep) only with {@code whisperer.admin-enabled=true}, and are a plain 404
 * otherwise.
 */
@Component
class AdminTokenFilter extends OncePerRequestFilter {
  private static final String BEARER = "Bearer ";

  private final AdminToken token;
  private final boolean operatorControls;

  AdminTokenFilter(LocalProperties properties, AdminToken token) {
    this.token = token;
    this.operatorControls = properties.adminEnabled();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    if (!(path.equals("/admin") || path.startsWith("/admin/"))) {
      return true;
    }
    return !operatorControls && !isAppsApi(path);
  }

  static boolean isAppsApi(String path) {
    return path.equals("/admin/apps")
        || path.startsWith("/admin/apps/")
        || path.equals("/admin/audit");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.startsWith(BEARER)) {
      refuse(
          response,
          ApiError.of(
              "missing_admin_token", "send the admin token as 'Authorization: Bearer <token>'"));
      return;
    }
    if (!token.matches(authorization.substring(BEARER.length()).strip())) {
      refuse(response, ApiError.of("invalid_admin_token", "the admin token is not valid"));
      return;
    }
    chain.doFilter(request, response);
  }

  private static void refuse(HttpServletResponse response, ApiError error) throws IOException {
    response.setStatus(401);
    response.setContentType("application/json");
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"admin\"");
    response.getOutputStream().write(Json.encode(error.body()));
  }

  @EventListener(ApplicationReadyEvent.class)
  void printTokenOnce() {
    if (token.shownOnce() != null) {
      System.out.printf(
          "Admin token for /admin/* (apps, keys, audit; shown once, stored hashed in %s): %s%n",
          AdminToken.HASH_FILE, token.shownOnce());
    }
  }
}
