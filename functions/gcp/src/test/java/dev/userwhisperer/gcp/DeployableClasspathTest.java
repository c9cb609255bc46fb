package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.models.bigquery.BigQueryEventSource;
import org.junit.jupiter.api.Test;

/**
 * The cloud deployable trains churn models from BigQuery without DuckDB (an 80 MB jar, and the
 * reason the event source left vertex-models): nothing on the functions' classpath pulls it in.
 */
class DeployableClasspathTest {

  @Test
  void theChurnTrainingsBigQuerySourceIsHereAndDuckDbIsNot() {
    assertThat(BigQueryEventSource.class).isNotNull();
    assertThatThrownBy(() -> Class.forName("org.duckdb.DuckDBDriver"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
