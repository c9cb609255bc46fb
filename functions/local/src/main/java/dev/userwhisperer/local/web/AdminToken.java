package dev.userwhisperer.local.web;

import dev.userwhisperer.core.ingest.ApiKeys;
import dev.userwhisperer.local.LocalProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The credential of {@code /admin/*}: {@code whisperer.admin-token} when given, otherwise a random
 * token made on the first start, printed once and kept only as its SHA-256 hash in {@value
 * #HASH_FILE} in the data directory (delete the file for a new one). One per process (a bean): the
 * admin API and the console's sign-in check the same token.
 */
public final class AdminToken {
  static final String HASH_FILE = "admin-token.sha256";

  private final byte[] hash;
  private final String shownOnce;

  private AdminToken(String hash, String shownOnce) {
    this.hash = hash.getBytes(StandardCharsets.US_ASCII);
    this.shownOnce = shownOnce;
  }

  public static AdminToken load(LocalProperties properties) {
    if (properties.adminToken() != null) {
      return new AdminToken(ApiKeys.hash(properties.adminToken().strip()), null);
    }
    Path file = properties.dataDir().resolve(HASH_FILE);
    try {
      if (Files.exists(file)) {
        return new AdminToken(Files.readString(file, StandardCharsets.US_ASCII).strip(), null);
      }
      String token =
          "uwa_" + ApiKeys.generate(new SecureRandom()).substring(ApiKeys.PREFIX.length());
      Files.createDirectories(properties.dataDir());
      Files.writeString(file, ApiKeys.hash(token) + "\n", StandardCharsets.US_ASCII);
      return new AdminToken(ApiKeys.hash(token), token);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }

  /** The token in clear when it was made by this start, to print once; null otherwise. */
  String shownOnce() {
    return shownOnce;
  }

  /** Compares hashes in constant time, so the answer's timing says nothing of the token. */
  public boolean matches(String token) {
    return token != null
        && MessageDigest.isEqual(hash, ApiKeys.hash(token).getBytes(StandardCharsets.US_ASCII));
  }
}
