package dev.userwhisperer.terraform;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.nio.file.Path;
import java.util.Map;

/** Terraform files read with hcl4j: blocks become nested maps; references to var.* read as null. */
final class Hcl {
  static final Path MODULES = Path.of("modules");
  static final Path ENVS = Path.of("envs");
  static final Path CATALOG = MODULES.resolve("platform/catalog.tf");

  private Hcl() {}

  static Map<String, Object> parse(Path file) {
    try {
      return new HCLParser().parse(file.toFile(), "UTF-8");
    } catch (Exception e) {
      throw new IllegalStateException("cannot parse " + file, e);
    }
  }

  @SuppressWarnings("unchecked")
  static <T> T at(Map<String, Object> hcl, String... path) {
    Object node = hcl;
    for (String key : path) {
      if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
        throw new AssertionError("no " + String.join(".", path) + " (missing " + key + ")");
      }
      node = map.get(key);
    }
    return (T) node;
  }

  static <T> T local(String name) {
    return at(parse(CATALOG), "locals", name);
  }
}
