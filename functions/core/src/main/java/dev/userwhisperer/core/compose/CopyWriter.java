package dev.userwhisperer.core.compose;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer compose calls: the configured writer (an LLM, or the templates themselves) behind a
 * cache of copy per {@link ContentRequest#cacheKey() situation}, with the templates standing in
 * whenever it fails. Only the configured writer's own copy is cached: after a fallback the next
 * request of the situation asks the writer again.
 */
public final class CopyWriter {
  private static final Logger log = LoggerFactory.getLogger(CopyWriter.class);

  private final ContentWriter primary;
  private final TemplateWriter templates;
  private final Map<String, Written> cache;

  /**
   * @param cacheSize how many situations' copy to keep (least recently used go first)
   */
  public CopyWriter(ContentWriter primary, TemplateWriter templates, int cacheSize) {
    this.primary = Objects.requireNonNull(primary, "primary");
    this.templates = Objects.requireNonNull(templates, "templates");
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cacheSize must be 0 or more");
    }
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Written> eldest) {
            return size() > cacheSize;
          }
        };
  }

  /** Templates only: what the platform does without an LLM. */
  public static CopyWriter templatesOnly(TemplateWriter templates) {
    return new CopyWriter(templates, templates, 0);
  }

  /**
   * @throws WriterFailure when even the templates have no copy for the request
   */
  public Authored write(ContentRequest request) {
    String key = request.cacheKey();
    Written hit;
    synchronized (cache) {
      hit = cache.get(key);
    }
    if (hit != null) {
      return new Authored(hit, null, true);
    }
    try {
      Written written = primary.write(request);
      synchronized (cache) {
        cache.put(key, written);
      }
      return new Authored(written, null, false);
    } catch (WriterFailure failure) {
      if (primary == templates) {
        throw failure;
      }
      log.warn(
          "writer fell back to templates app={} intervention={} channel={} reason={}: {}",
          request.app().appId(),
          request.intervention(),
          request.channel().wireName(),
          failure.reason(),
          failure.getMessage());
      return new Authored(templates.write(request), failure.reason(), false);
    }
  }
}
