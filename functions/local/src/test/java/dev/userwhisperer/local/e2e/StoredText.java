package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.local.IntakeFile;
import dev.userwhisperer.local.store.SqliteDatabase;
import dev.userwhisperer.local.warehouse.BufferedWarehouse;
import dev.userwhisperer.local.warehouse.DuckDbWarehouse;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.springframework.context.ApplicationContext;

/**
 * Everything the running local platform keeps, as text, to search for a user's trace: every row of
 * every SQLite table (of the pipeline's file and, on the embedded backend, the intake's), every row
 * of every warehouse table (the buffer flushed first) and, on the emulators backend, every document
 * of the Firestore project (every collection and subcollection, read whole).
 */
final class StoredText {
  private final List<SqliteDatabase> sqlite = new ArrayList<>();
  private final BufferedWarehouse warehouse;
  private final DuckDbWarehouse duckDb;

  /** Null on the embedded backend, which keeps no Firestore. */
  private final Firestore firestore;

  StoredText(ApplicationContext context) {
    sqlite.add(context.getBean(SqliteDatabase.class));
    context.getBeanProvider(IntakeFile.class).ifAvailable(intake -> sqlite.add(intake.db()));
    this.warehouse = context.getBean(BufferedWarehouse.class);
    this.duckDb = context.getBean(DuckDbWarehouse.class);
    this.firestore = context.getBeanProvider(Firestore.class).getIfAvailable();
  }

  /** Fails naming the trace when any row or document of any store holds one of {@code traces}. */
  void assertNoTrace(List<String> traces) {
    List<String> stored = new ArrayList<>(warehouseRows());
    stored.addAll(sqliteRows());
    stored.addAll(firestoreDocuments());
    assertThat(stored).as("rows and documents searched").isNotEmpty();
    for (String trace : traces) {
      assertThat(stored).as("stored text holding " + trace).noneMatch(s -> s.contains(trace));
    }
  }

  /** Every row of every warehouse table. */
  List<String> warehouseRows() {
    warehouse.flush();
    List<String> rows = new ArrayList<>();
    for (Table table : Table.values()) {
      duckDb
          .query("SELECT * FROM " + table.tableName())
          .forEach(r -> rows.add(table.tableName() + ":" + r));
    }
    return rows;
  }

  /** Every row of every SQLite table of every file. */
  List<String> sqliteRows() {
    List<String> rows = new ArrayList<>();
    sqlite.forEach(file -> rows.addAll(rows(file)));
    return rows;
  }

  private static List<String> rows(SqliteDatabase file) {
    return file.read(
        c -> {
          List<String> tables = new ArrayList<>();
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
              tables.add(rs.getString(1));
            }
          }
          List<String> rows = new ArrayList<>();
          for (String table : tables) {
            try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
              int n = rs.getMetaData().getColumnCount();
              while (rs.next()) {
                StringBuilder row = new StringBuilder(table).append(':');
                for (int i = 1; i <= n; i++) {
                  Object v = rs.getObject(i);
                  row.append(v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v)
                      .append('|');
                }
                rows.add(row.toString());
              }
            }
          }
          return rows;
        });
  }

  /** Every document of the Firestore project; none on the embedded backend. */
  List<String> firestoreDocuments() {
    List<String> documents = new ArrayList<>();
    if (firestore != null) {
      firestore.listCollections().forEach(c -> collect(c, documents));
    }
    return documents;
  }

  private static void collect(CollectionReference collection, List<String> documents) {
    for (DocumentReference document : collection.listDocuments()) {
      try {
        DocumentSnapshot snapshot = document.get().get();
        documents.add(document.getPath() + " " + (snapshot.exists() ? snapshot.getData() : ""));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      }
      document.listCollections().forEach(c -> collect(c, documents));
    }
  }
}
