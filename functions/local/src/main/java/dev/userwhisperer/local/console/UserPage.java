package dev.userwhisperer.local.console;

import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.port.MessageHistory;
import dev.userwhisperer.core.profile.Profile;
import java.util.List;

/** All the console shows about one user: the profile, events, decisions and messages. */
public record UserPage(
    Profile profile,
    TableView events,
    List<Decision> decisions,
    List<MessageHistory.Entry> messages) {}
