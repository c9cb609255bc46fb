package dev.userwhisperer.core.port;

/**
 * Keeps the latest {@link UpliftTable} for decide to read (Firestore on Google Cloud, SQLite
 * locally). Kept per app: saving a table replaces the cells of each app it holds and leaves other
 * apps' cells as they were.
 */
public interface UpliftTableStore {

  void save(UpliftTable table);

  /** Every app's latest cells; {@link UpliftTable#EMPTY} before the first save. */
  UpliftTable load();
}
