package io.modelfailures.validate;

/**
 * One rule hit on one document, before it becomes a {@code Finding} record.
 *
 * <p>{@code line} is 1-based, or null when the hit concerns the whole document.
 */
public record Hit(Rule rule, String message, Integer line, String expected, String actual) {}
