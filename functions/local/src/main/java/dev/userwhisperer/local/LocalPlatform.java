package dev.userwhisperer.local;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * Every stage of User Whisperer in one process, on embedded stores or on the Google Cloud emulators
 * ({@code whisperer.backend}). The Cloud Functions' own context ({@code dev.userwhisperer.gcp}) is
 * not scanned: only its adapters are used, through the backend's configuration; nor is the console
 * alone on Google Cloud ({@code dev.userwhisperer.local.console.gcp}), an application of its own.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(
    basePackages = "dev.userwhisperer",
    excludeFilters = {
      @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
      @ComponentScan.Filter(
          type = FilterType.CUSTOM,
          classes = AutoConfigurationExcludeFilter.class),
      @ComponentScan.Filter(
          type = FilterType.REGEX,
          pattern = "dev\\.userwhisperer\\.gcp(wiring)?\\..*"),
      @ComponentScan.Filter(
          type = FilterType.REGEX,
          pattern = "dev\\.userwhisperer\\.local\\.console\\.gcp\\..*")
    })
public class LocalPlatform {
  public static void main(String[] args) {
    SpringApplication.run(LocalPlatform.class, args);
  }
}
