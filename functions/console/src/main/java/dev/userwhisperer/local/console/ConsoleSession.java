package dev.userwhisperer.local.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * Whether a browser has signed in to the console with the admin token; the local runner's sign-in
 * page ({@code ConsoleLoginController}) opens and ends the session.
 */
public final class ConsoleSession {
  static final String SIGNED_IN = "console.signedIn";

  private ConsoleSession() {}

  static boolean signedIn(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session != null && Boolean.TRUE.equals(session.getAttribute(SIGNED_IN));
  }

  /** A fresh session id on sign-in, so that an id planted before it is worth nothing after. */
  public static void signIn(HttpServletRequest request) {
    HttpSession old = request.getSession(false);
    if (old != null) {
      old.invalidate();
    }
    request.getSession(true).setAttribute(SIGNED_IN, Boolean.TRUE);
  }

  public static void signOut(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
  }
}
