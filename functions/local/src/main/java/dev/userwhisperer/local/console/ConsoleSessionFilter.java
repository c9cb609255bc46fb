package dev.userwhisperer.local.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every console page needs a signed-in session (see {@link ConsoleLoginController}); without one a
 * page request is sent to the sign-in page, and an htmx request is told to go there ({@code
 * HX-Redirect}). The sign-in page and the console's own stylesheet and script are open. Every page
 * carries a content security policy that allows scripts from this origin only.
 */
@Component
class ConsoleSessionFilter extends OncePerRequestFilter {
  static final String LOGIN = "/console/login";
  static final String ASSETS = "/console/assets/";
  static final String POLICY =
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
          + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return !(path.equals("/console") || path.startsWith("/console/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("Content-Security-Policy", POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "same-origin");
    String path = request.getRequestURI();
    if (path.equals(LOGIN) || path.startsWith(ASSETS) || ConsoleSession.signedIn(request)) {
      response.setHeader("Cache-Control", path.startsWith(ASSETS) ? "max-age=300" : "no-store");
      chain.doFilter(request, response);
      return;
    }
    if (request.getHeader("HX-Request") != null) {
      response.setStatus(401);
      response.setHeader("HX-Redirect", LOGIN);
      return;
    }
    response.sendRedirect(LOGIN);
  }
}
