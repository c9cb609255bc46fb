package dev.userwhisperer.core.compose;

import dev.userwhisperer.core.compose.compliance.ComplianceViolation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer compose calls: the configured writer (an LLM, or the templates themselves) behind a
 * cache of copy per {@link ContentRequest#cacheKey() situation}, with the templates standing in
 * whenever it fails or its copy fails the compliance check twice. Only the configured writer's own
 * copy that passed is cached: after a fallback the next request of the situation asks the writer
 * again. The copy holds no personal data (placeholders only), so one user's copy is fit to reuse
 * for another in the same situation.
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

  /** Without a compliance check: every copy passes. */
  public Authored write(ContentRequest request) {
    return write(request, written -> List.of());
  }

  /**
   * The copy for {@code request} that passes {@code check}: the cached copy of the situation, else
   * the configured writer's, asked a second time when its first draft fails the check, else the
   * templates' (with the failure or the first rule broken as {@code fallbackReason}). The
   * templates' copy is returned even if it fails: blocking it is the caller's call.
   *
   * @param check the rules the copy, once assembled, breaks (empty when it passes)
   * @throws WriterFailure when even the templates have no copy for the request
   */
  public Authored write(
      ContentRequest request, Function<Written, List<ComplianceViolation>> check) {
    String key = request.cacheKey();
    Written hit;
    synchronized (cache) {
      hit = cache.get(key);
    }
    if (hit != null && check.apply(hit).isEmpty()) {
      return new Authored(hit, null, true);
    }
    if (primary == templates) {
      return new Authored(templates.write(request), null, false);
    }
    String reason = null;
    for (int attempt = 1; attempt <= 2; attempt++) {
      try {
        Written written = primary.write(request);
        List<ComplianceViolation> violations = check.apply(written);
        if (violations.isEmpty()) {
          synchronized (cache) {
            cache.put(key, written);
          }
          return new Authored(written, null, false);
        }
        reason = "compliance:" + violations.get(0).rule().code();
      } catch (WriterFailure failure) {
        reason = failure.reason();
        break;
      }
    }
    log.warn(
        "writer fell back to templates app={} intervention={} channel={} reason={}",
        request.app().appId(),
        request.intervention(),
        request.channel().wireName(),
        reason);
    return new Authored(templates.write(request), reason, false);
  }
}
