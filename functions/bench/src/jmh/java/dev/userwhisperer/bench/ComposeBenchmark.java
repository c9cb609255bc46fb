package dev.userwhisperer.bench;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.userwhisperer.compose.OpenAiContentWriter;
import dev.userwhisperer.compose.OptimaizeLanguageDetector;
import dev.userwhisperer.core.appconfig.BuiltInAppConfig;
import dev.userwhisperer.core.compose.ComposeSettings;
import dev.userwhisperer.core.compose.Composer;
import dev.userwhisperer.core.compose.CopyWriter;
import dev.userwhisperer.core.compose.TemplateWriter;
import dev.userwhisperer.core.compose.compliance.ComplianceGate;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.testing.Decisions;
import dev.userwhisperer.core.testing.InMemoryAppConfigStore;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.Profiles;
import dev.userwhisperer.core.testing.TestLinkTokens;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One message as the compose stage writes it with an LLM writer, end to end: a SEND decision in,
 * the profile and the app's configuration read, the copy asked of an OpenAI-compatible server
 * ({@link OpenAiContentWriter}, 1.5 s timeout) or taken from the cache, assembled, checked by the
 * compliance gate with the real language detector, and the message row appended. The server is a
 * WireMock stub speaking {@code /v1/chat/completions} (the mappings of {@code
 * functions/bench/stubs/openai}) that answers after a log-normal delay, median 900 ms, σ 0.35 (p99
 * 2.0 s): what a small hosted model takes for a 100-token JSON answer; answers slower than the
 * timeout fall back to the templates, as in production.
 *
 * <p>{@code cache}: {@code miss} turns the cache off, so every message calls the stub (the cold
 * path); {@code hit} keeps it on for one situation, so after the first message every one is served
 * from the cache (the path most messages take). Eight threads stand for eight concurrent messages.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 4, time = 15)
@Threads(8)
@Fork(1)
public class ComposeBenchmark {
  private static final Instant NOW = Instant.parse("2026-01-05T12:00:00Z");

  @Param({"miss", "hit"})
  public String cache;

  private WireMockServer stub;
  private Composer composer;
  private final AtomicLong decisions = new AtomicLong();

  @Setup(Level.Trial)
  public void start() {
    stub =
        new WireMockServer(
            options()
                .dynamicPort()
                .containerThreads(32)
                .usingFilesUnderDirectory(Path.of("stubs/openai").toAbsolutePath().toString()));
    stub.start();
    InMemoryProfileStore profiles = new InMemoryProfileStore();
    profiles.put(Profiles.user("u1").app("demo").email("ana@example.com").firstName("Ana").build());
    InMemoryAppConfigStore configs = new InMemoryAppConfigStore();
    configs.save("demo", BuiltInAppConfig.demo(), NOW);
    TemplateWriter templates = TemplateWriter.builtIn();
    OpenAiContentWriter llm =
        new OpenAiContentWriter(
            new OpenAiContentWriter.Settings(
                URI.create(stub.baseUrl()),
                "sk-bench",
                "gpt-4o-mini",
                0.7,
                800,
                Duration.ofMillis(1500)));
    composer =
        new Composer(
            new Composer.Stores(profiles, configs, new InMemoryWarehouse()),
            new CopyWriter(llm, templates, cache.equals("hit") ? 10_000 : 0),
            templates,
            new ComplianceGate(new OptimaizeLanguageDetector()),
            new ComposeSettings("https://uw.example.com", TestLinkTokens.tokens()),
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Benchmark
  public List<OutboundMessage> composeOneMessage() {
    Decision decision =
        Decisions.decision(Long.toHexString(decisions.incrementAndGet()))
            .app("demo")
            .user("u1")
            .intervention("winback")
            .channel(Channel.EMAIL)
            .at(NOW)
            .build();
    return composer.apply(decision);
  }

  @TearDown(Level.Trial)
  public void stop() {
    stub.stop();
  }
}
