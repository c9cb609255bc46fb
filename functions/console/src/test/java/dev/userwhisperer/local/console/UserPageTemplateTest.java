package dev.userwhisperer.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Candidate;
import dev.userwhisperer.core.testing.Decisions;
import dev.userwhisperer.core.testing.Profiles;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The user page as jte-maven-plugin compiled it, rendered from a {@link UserPage}. */
class UserPageTemplateTest {
  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

  private static String render(Decision decision) {
    var page = new Page("User ada", Page.Section.USERS, "demo", List.of("demo"));
    var user =
        new UserPage(
            Profiles.user("ada").app("demo").build(),
            List.of(),
            new TableView(List.of(), List.of()),
            List.of(decision),
            List.of(),
            List.of());
    var out = new StringOutput();
    ENGINE.render("console/user.jte", Map.of("page", page, "user", user), out);
    return out.toString();
  }

  @Test
  void eachCandidateShowsItsEffectWithItsSpreadItsChanceOfBeingPickedItsDrawAndItsSource() {
    String html =
        render(
            Decisions.decision("d1")
                .intervention("welcome")
                .candidates(
                    List.of(
                        new Candidate("welcome", 0.012, "model", "uplift-7", 0.008, 0.021, 0.63),
                        new Candidate("tips", 0.004, "prior", null, 0.02, -0.003, 0.37)))
                .build());

    assertThat(html)
        .contains(
            "<th title=\"the uplift in the chance of the goal, mean ± standard deviation\">"
                + "predicted effect</th>",
            ">chance picked</th>",
            ">draw</th>",
            "<th>source · model</th>")
        .contains(
            "<tr class=\"chosen\"><td>welcome</td><td>+1.2 ± 0.8 pp</td><td>63%</td>"
                + "<td>+2.1 pp</td><td>model · uplift-7</td></tr>")
        .contains(
            "<tr><td>tips</td><td>+0.4 ± 2.0 pp</td><td>37%</td>"
                + "<td>-0.3 pp</td><td>prior</td></tr>");
  }

  @Test
  void aDecisionLoggedBeforeDrawsShowsADashForWhatItDidNotRecord() {
    String html =
        render(
            Decisions.decision("d1")
                .intervention("welcome")
                .candidates(List.of(new Candidate("welcome", -0.05)))
                .build());

    assertThat(html)
        .contains(
            "<tr class=\"chosen\"><td>welcome</td><td>-5.0 pp ± —</td><td>—</td>"
                + "<td>—</td><td>—</td></tr>");
  }

  @Test
  void chancesAreNeverRoundedToACertaintyTheyAreNot() {
    assertThat(Format.percent(0.004)).isEqualTo("<1%");
    assertThat(Format.percent(0.996)).isEqualTo(">99%");
    assertThat(Format.percent(0.0)).isEqualTo("0%");
    assertThat(Format.percent(1.0)).isEqualTo("100%");
    assertThat(Format.percent(0.375)).isEqualTo("38%");
  }
}
