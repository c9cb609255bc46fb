package dev.userwhisperer.local.console;

import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.port.MessageHistory;
import dev.userwhisperer.core.profile.ConsentRecord;
import dev.userwhisperer.core.profile.Profile;
import java.util.List;

/**
 * All the console shows about one user: the profile, events, and the decisions, messages and
 * consent statements under the user's id and under the anonymous ids an alias merged into it
 * ({@code merged}).
 */
public record UserPage(
    Profile profile,
    List<String> merged,
    TableView events,
    List<Decision> decisions,
    List<MessageHistory.Entry> messages,
    List<ConsentRecord> consent) {}
