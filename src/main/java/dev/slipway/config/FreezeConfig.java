package dev.slipway.config;

import java.time.Duration;

/**
 * One change freeze: a repeating window ({@code cron}, {@code duration}, {@code timezone}) or a fixed one
 * ({@code from}, {@code until}, ISO-8601 date-times with an offset, or dates in {@code timezone}), with the reason
 * people are told.
 */
public record FreezeConfig(String cron, Duration duration, String timezone, String from, String until,
                           String reason) {
}
