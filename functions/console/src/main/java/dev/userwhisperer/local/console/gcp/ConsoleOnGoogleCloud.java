package dev.userwhisperer.local.console.gcp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * The console alone, on Google Cloud: the main class of the console's container image (Cloud Run
 * behind Identity-Aware Proxy, {@code terraform/modules/console}). No stage runs here; every page
 * reads BigQuery, Firestore and the model bucket ({@link GoogleCloudConsoleBackend}). The local
 * runner (its admin-token sign-in, its DuckDB reads) is not on this module's class path; the
 * server's settings are {@code console-on-google-cloud.properties}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(
    basePackages = "dev.userwhisperer.local.console",
    excludeFilters =
        @ComponentScan.Filter(
            type = FilterType.REGEX,
            pattern = "dev\\.userwhisperer\\.local\\.console\\.gcp\\..*"))
@Import(GoogleCloudConsoleBackend.class)
@PropertySource("classpath:console-on-google-cloud.properties")
public class ConsoleOnGoogleCloud {
  public static void main(String[] args) {
    SpringApplication.run(ConsoleOnGoogleCloud.class, args);
  }
}
