package dev.userwhisperer.local.bus;

/** Handles one message; returning acknowledges it, throwing anything asks for a redelivery. */
@FunctionalInterface
public interface MessageHandler {
  void handle(BusMessage message) throws Exception;
}
