package dev.userwhisperer.local.console.gcp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * The console alone, on Google Cloud: the main class of the console's container image (Cloud Run
 * behind Identity-Aware Proxy, {@code terraform/modules/console}). No stage runs here; the pages
 * read BigQuery and Firestore ({@link GoogleCloudConsoleBackend}). The pages whose reads exist only
 * on the local runner (messages and their previews from the local outbox, model cards from the
 * local model directory, the user page with its messages) and the admin-token sign-in are left out.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(
    basePackages = "dev.userwhisperer.local.console",
    excludeFilters = {
      @ComponentScan.Filter(
          type = FilterType.REGEX,
          pattern =
              "dev\\.userwhisperer\\.local\\.console\\.(DuckDbDashboardReads|ConsoleLoginController"
                  + "|MessagesController|ModelsController|UsersController)"),
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
