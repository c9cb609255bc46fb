package dev.userwhisperer.local;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Every stage of User Whisperer in one process, on embedded stores. */
@SpringBootApplication(scanBasePackages = "dev.userwhisperer")
public class LocalPlatform {
  public static void main(String[] args) {
    SpringApplication.run(LocalPlatform.class, args);
  }
}
