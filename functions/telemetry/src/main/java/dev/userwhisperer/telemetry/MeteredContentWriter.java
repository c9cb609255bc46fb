package dev.userwhisperer.telemetry;

import dev.userwhisperer.core.compose.ContentRequest;
import dev.userwhisperer.core.compose.ContentWriter;
import dev.userwhisperer.core.compose.Written;
import java.time.Duration;

/** Times each call to an LLM writer; tokens and fallbacks are counted from the composed message. */
public final class MeteredContentWriter implements ContentWriter {
  private final ContentWriter writer;
  private final String name;
  private final PipelineMetrics metrics;

  /**
   * @param name the writer's name in the meters, e.g. {@code gemini} or {@code openai}
   */
  public MeteredContentWriter(ContentWriter writer, String name, PipelineMetrics metrics) {
    this.writer = writer;
    this.name = name;
    this.metrics = metrics;
  }

  @Override
  public Written write(ContentRequest request) {
    long start = System.nanoTime();
    boolean succeeded = false;
    try {
      Written written = writer.write(request);
      succeeded = true;
      return written;
    } finally {
      metrics.wrote(name, Duration.ofNanos(System.nanoTime() - start), succeeded);
    }
  }
}
