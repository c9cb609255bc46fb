package dev.userwhisperer.local.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every console page needs a signed-in session (the local runner's {@code ConsoleLoginController});
 * without one a page request is sent to the sign-in page, and an htmx request is told to go there
 * ({@code HX-Redirect}). The sign-in page and the console's own stylesheet and script are open.
 * Every page carries a content security policy that allows scripts from this origin only.
 *
 * <p>Behind Identity-Aware Proxy ({@code whisperer.console.auth=iap}) there is no session and no
 * sign-in form: every request but the stylesheet and script must carry IAP's signed header, or is
 * refused with 401; the sign-in page only sends the browser on to the overview (and answers Cloud
 * Run's startup probe, which does not pass through IAP).
 */
@Component
class ConsoleSessionFilter extends OncePerRequestFilter {
  static final String SIGNED_IN_AS = "console.signedInAs";
  static final String LOGIN = "/console/login";
  static final String ASSETS = "/console/assets/";
  static final String POLICY =
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
          + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

  private final IapAssertion iap;

  ConsoleSessionFilter(ObjectProvider<IapAssertion> iap) {
    this.iap = iap.getIfAvailable();
  }

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
    if (iap != null) {
      behindIap(path, request, response, chain);
      return;
    }
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

  private void behindIap(
      String path, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (path.startsWith(ASSETS)) {
      response.setHeader("Cache-Control", "max-age=300");
      chain.doFilter(request, response);
      return;
    }
    response.setHeader("Cache-Control", "no-store");
    if (path.equals(LOGIN) && "GET".equals(request.getMethod())) {
      response.sendRedirect("/console");
      return;
    }
    try {
      request.setAttribute(SIGNED_IN_AS, iap.verify(request.getHeader(IapAssertion.HEADER)));
    } catch (IapAssertion.Refused e) {
      response.sendError(401, e.getMessage());
      return;
    }
    chain.doFilter(request, response);
  }
}
