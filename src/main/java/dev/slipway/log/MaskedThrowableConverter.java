package dev.slipway.log;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %maskedEx}: the exception, as {@code %ex} writes it — its message, its causes and suppressed exceptions
 * and their frames — with secrets masked. Being a throwable converter, a pattern that ends with it keeps logback
 * from appending its own, unmasked one.
 */
public final class MaskedThrowableConverter extends ThrowableProxyConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return LogMasking.mask(super.convert(event));
    }
}
