package dev.userwhisperer.local.web;

import org.apache.catalina.core.StandardHost;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded Tomcat as the API needs it: {@code %2F} and {@code %5C} in a path stay within their
 * segment (an id {@code u/1} is read back as {@code GET /v1/users/u%2F1}, which Tomcat refuses by
 * default), and errors Tomcat answers itself are in the documented JSON body ({@link
 * JsonErrorReportValve}). Timeouts are in application.yml.
 */
@Configuration(proxyBeanMethods = false)
class HttpServerConfiguration {

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> exactPathsAndJsonErrors() {
    return factory -> {
      factory.addConnectorCustomizers(
          connector -> {
            connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
            connector.setEncodedReverseSolidusHandling(
                EncodedSolidusHandling.PASS_THROUGH.getValue());
          });
      factory.addContextCustomizers(
          context ->
              ((StandardHost) context.getParent())
                  .setErrorReportValveClass(JsonErrorReportValve.class.getName()));
    };
  }
}
