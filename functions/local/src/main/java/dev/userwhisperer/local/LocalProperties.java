package dev.userwhisperer.local;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the local runner ({@code whisperer.*} in application.yml, environment variables
 * {@code WHISPERER_*}, or {@code --whisperer.*=} on the command line).
 *
 * @param dataDir where the SQLite and DuckDB files live; they survive restarts
 * @param adminEnabled exposes {@code /admin/*} (clock, bus, sweep); off by default
 * @param sweepInterval how often, in real time, scheduled work is looked for
 * @param warehouseFlushInterval how often buffered warehouse rows are moved to DuckDB
 * @param clockStart where the platform clock starts (then it runs on from there in real time);
 *     absent means now. Simulations and tests set it to be reproducible.
 * @param reproducible the platform as a simulation drives it: the clock stands at {@code
 *     clockStart} and moves only when advanced ({@code POST /admin/clock/advance}), the bus
 *     delivers only when drained (the advance, {@code POST /admin/drain}) and in an order of its
 *     own, and no sweep runs on a timer; so the same requests, in the same order, give the same
 *     results. Needs {@code clockStart} and the embedded backend.
 * @param demoApiKey a key to register for the demo app on every start (scripts, load tests); when
 *     absent, a random key is made and printed on the first start only
 * @param appConfig a JSON file with the demo app's configuration (schema {@code GET
 *     /v1/schema/app-config}), stored as its first version when it has none; absent, the built-in
 *     example ({@code app-config/demo.json}) is stored instead
 * @param adminToken the token every {@code /admin/*} call must carry as {@code Authorization:
 *     Bearer <token>}; when absent, a random token is made, printed on the first start only and
 *     stored hashed in the data directory
 */
@ConfigurationProperties("whisperer")
public record LocalProperties(
    @DefaultValue("data") Path dataDir,
    @DefaultValue("false") boolean adminEnabled,
    @DefaultValue("1s") Duration sweepInterval,
    @DefaultValue("500ms") Duration warehouseFlushInterval,
    Instant clockStart,
    @DefaultValue("false") boolean reproducible,
    String demoApiKey,
    Path appConfig,
    String adminToken) {

  public LocalProperties {
    if (reproducible && clockStart == null) {
      throw new IllegalArgumentException(
          "whisperer.reproducible needs whisperer.clock-start: a clock that only moves when"
              + " advanced must start somewhere");
    }
    if (adminToken != null && adminToken.strip().length() < 16) {
      throw new IllegalArgumentException(
          "whisperer.admin-token must be at least 16 characters: it guards the clock and the bus");
    }
  }
}
