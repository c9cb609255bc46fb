package dev.userwhisperer.local.store;

import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.profile.Profile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Profiles as documents in {@link ProfileEncoding} (JSON rows of older versions are still read),
 * one row per user. An update reads, changes and writes the document in one {@code IMMEDIATE}
 * transaction on the single writer, so concurrent updates of one user are serialised and {@code
 * change} runs exactly once.
 */
public final class SqliteProfileStore implements ProfileStore {
  private final SqliteDatabase db;

  public SqliteProfileStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<Profile> find(String appId, String userId) {
    return db.read(c -> load(c, appId, userId));
  }

  @Override
  public Profile update(String appId, String userId, UnaryOperator<Profile> change) {
    return db.write(
        c -> {
          Profile current = load(c, appId, userId).orElseGet(() -> Profile.empty(appId, userId));
          Profile next = Objects.requireNonNull(change.apply(current), "change returned null");
          if (!next.appId().equals(appId) || !next.userId().equals(userId)) {
            throw new IllegalArgumentException(
                "change moved profile "
                    + appId
                    + "/"
                    + userId
                    + " to "
                    + next.appId()
                    + "/"
                    + next.userId());
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO profiles (app_id, user_id, doc, updated_at, merged_into)"
                      + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (app_id, user_id) DO UPDATE SET"
                      + " doc = excluded.doc, updated_at = excluded.updated_at,"
                      + " merged_into = excluded.merged_into")) {
            p.setString(1, appId);
            p.setString(2, userId);
            p.setBytes(3, ProfileEncoding.encode(next));
            if (next.updatedAt() == null) {
              p.setNull(4, Types.INTEGER);
            } else {
              p.setLong(4, SqliteDatabase.nanos(next.updatedAt()));
            }
            p.setString(5, next.mergedInto());
            p.executeUpdate();
          }
          return next;
        });
  }

  @Override
  public List<String> mergedInto(String appId, String userId) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT user_id FROM profiles WHERE app_id = ? AND merged_into = ?"
                      + " ORDER BY user_id")) {
            p.setString(1, appId);
            p.setString(2, userId);
            List<String> merged = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                merged.add(rs.getString(1));
              }
            }
            return merged;
          }
        });
  }

  private static Optional<Profile> load(Connection c, String appId, String userId)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT doc FROM profiles WHERE app_id = ? AND user_id = ?")) {
      p.setString(1, appId);
      p.setString(2, userId);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.of(ProfileEncoding.decode(rs.getBytes(1))) : Optional.empty();
      }
    }
  }
}
