package dev.userwhisperer.core.port;

/**
 * Why an event was rejected.
 *
 * @param code machine-readable, e.g. {@code missing_field}, {@code invalid_type}, {@code
 *     invalid_format}
 * @param pointer JSON pointer of the offending field within the request body, e.g. {@code
 *     /batch/3/userId}
 */
public record Violation(String code, String pointer, String message) {}
