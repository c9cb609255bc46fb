package dev.userwhisperer.local.console.gcp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * The console alone, on Google Cloud: the main class of the console's container image (Cloud Run
 * behind Identity-Aware Proxy, {@code terraform/modules/console}). No stage runs here; every page
 * reads BigQuery, Firestore and the model bucket ({@link GoogleCloudConsoleBackend}). The local
 * runner's admin-token sign-in is left out.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(
    basePackages = "dev.userwhisperer.local.console",
    excludeFilters = {
      @ComponentScan.Filter(
          type = FilterType.REGEX,
          pattern =
              "dev\\.userwhisperer\\.local\\.console\\.(DuckDbDashboardReads|ConsoleLoginController)"),
      @ComponentScan.Filter(
          type = FilterType.REGEX,
          pattern = "dev\\.userwhisperer\\.local\\.console\\.gcp\\..*")
    })
@Import(GoogleCloudConsoleBackend.class)
public class ConsoleOnGoogleCloud {
  public static void main(String[] args) {
    SpringApplication.run(ConsoleOnGoogleCloud.class, args);
  }
}
