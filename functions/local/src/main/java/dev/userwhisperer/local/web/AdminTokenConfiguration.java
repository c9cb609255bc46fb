package dev.userwhisperer.local.web;

import dev.userwhisperer.local.LocalProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one admin token of the process, for the admin API's filter and the console's sign-in. */
@Configuration(proxyBeanMethods = false)
class AdminTokenConfiguration {

  @Bean
  AdminToken adminToken(LocalProperties properties) {
    return AdminToken.load(properties);
  }
}
