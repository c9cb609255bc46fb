package dev.userwhisperer.core.compose;

/**
 * Writes the copy of one message for a situation: never for a person. A request carries no name,
 * address or id of the user; a writer that needs the user's first name writes the placeholder
 * {@value Draft#FIRST_NAME}.
 */
public interface ContentWriter {

  /**
   * @throws WriterFailure when it cannot write this one (the caller falls back to the templates)
   */
  Written write(ContentRequest request);
}
