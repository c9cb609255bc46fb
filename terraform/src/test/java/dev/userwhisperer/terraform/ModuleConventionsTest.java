package dev.userwhisperer.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of terraform-google-modules: four files per module, typed and described variables,
 * pinned versions.
 */
class ModuleConventionsTest {
  private static final Pattern TERRAFORM_PIN =
      Pattern.compile("required_version\\s*=\\s*\"[^\"]*<\\s*2\\.0\"");
  private static final Pattern PROVIDER_PIN =
      Pattern.compile(
          "source\\s*=\\s*\"hashicorp/google\"\\s*\\n\\s*version\\s*=\\s*\"(~>\\s*\\d+\\.\\d+|[^\"]*<\\s*\\d+\\.0)\"");

  @Test
  void everyModuleHasMainVariablesOutputsAndVersions() throws IOException {
    for (Path module : dirs(Hcl.MODULES)) {
      for (String file : List.of("main.tf", "variables.tf", "outputs.tf", "versions.tf")) {
        assertThat(module.resolve(file)).as("%s/%s", module, file).isRegularFile();
      }
    }
  }

  @Test
  void everyVariableIsTypedAndDescribed() throws IOException {
    for (Path dir : Stream.concat(dirs(Hcl.MODULES).stream(), dirs(Hcl.ENVS).stream()).toList()) {
      Map<String, Map<String, Object>> variables =
          Hcl.at(Hcl.parse(dir.resolve("variables.tf")), "variable");
      variables.forEach(
          (name, v) -> {
            assertThat(v).as("%s: variable %s", dir, name).containsKeys("type", "description");
            assertThat((String) v.get("description"))
                .as("%s: %s description", dir, name)
                .isNotBlank();
          });
    }
  }

  @Test
  void terraformAndTheGoogleProviderArePinnedEverywhere() throws IOException {
    for (Path dir : Stream.concat(dirs(Hcl.MODULES).stream(), dirs(Hcl.ENVS).stream()).toList()) {
      String versions = Files.readString(dir.resolve("versions.tf"));
      assertThat(TERRAFORM_PIN.matcher(versions).find()).as("%s pins terraform", dir).isTrue();
      assertThat(PROVIDER_PIN.matcher(versions).find())
          .as("%s pins hashicorp/google", dir)
          .isTrue();
    }
  }

  private static List<Path> dirs(Path root) throws IOException {
    try (Stream<Path> children = Files.list(root)) {
      return children.filter(Files::isDirectory).sorted().toList();
    }
  }
}
