package dev.userwhisperer.local.console;

import java.util.List;
import java.util.Objects;

/**
 * What every console page's frame shows: its title, the section highlighted in the navigation, the
 * app being looked at and the apps to pick from.
 */
public record Page(String title, Section section, String appId, List<String> apps) {
  public Page {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(appId, "appId");
    apps = List.copyOf(apps);
  }

  /** The console's sections, in the navigation's order. */
  public enum Section {
    OVERVIEW("Overview", ""),
    USERS("Users", "/users"),
    MESSAGES("Messages", "/messages"),
    MODELS("Models", "/models"),
    VARIANTS("Variants", "/variants"),
    CONFIG("Configuration", "/config");

    private final String label;
    private final String path;

    Section(String label, String path) {
      this.label = label;
      this.path = path;
    }

    public String label() {
      return label;
    }

    /** The section's address for {@code appId}. */
    public String href(String appId) {
      return ConsoleApps.base(appId) + path;
    }
  }
}
