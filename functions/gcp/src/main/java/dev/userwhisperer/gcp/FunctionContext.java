package dev.userwhisperer.gcp;

import java.util.logging.Logger;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one Spring context of a function instance ({@link GcpPlatform}), started on first use and
 * shared by every entry point in the JVM. Lazy: a deployment creates only the beans of its stage.
 */
final class FunctionContext {
  /** The stage a deployment serves, set by Terraform; Spring Cloud Function's own variable. */
  static final String DEFINITION = "SPRING_CLOUD_FUNCTION_DEFINITION";

  /** The project of the traces the log lines name, set by Terraform. */
  static final String PROJECT = "GOOGLE_CLOUD_PROJECT";

  private static ConfigurableApplicationContext context;

  private FunctionContext() {}

  static synchronized ConfigurableApplicationContext get() {
    if (context == null) {
      // the Functions Framework sends java.util.logging to Cloud Logging; Boot must not reset it
      System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
      String project = System.getenv(PROJECT);
      if (project != null && !project.isBlank()) {
        CloudLoggingHandler.replaceInvokersHandler(Logger.getLogger(""), System.out, project);
      }
      context = builder().run();
    }
    return context;
  }

  /**
   * The context as a function instance starts it; a process that must finish work before its
   * clients close (the analyze pull worker) turns off Spring's own shutdown hook and closes it
   * itself.
   */
  static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(GcpPlatform.class)
        .web(WebApplicationType.NONE)
        .bannerMode(Banner.Mode.OFF)
        .lazyInitialization(true)
        .logStartupInfo(false);
  }

  /**
   * @throws IllegalStateException when {@value #DEFINITION} is not set
   */
  static String definition() {
    String name = System.getenv(DEFINITION);
    if (name == null || name.isBlank()) {
      throw new IllegalStateException(DEFINITION + " must name the stage this function serves");
    }
    return name;
  }
}
