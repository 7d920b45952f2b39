package dev.slipway.log;

import com.fasterxml.jackson.core.JsonStreamContext;
import net.logstash.logback.mask.ValueMasker;

/**
 * Masks secrets in every string value of a JSON log line ({@code SLIPWAY_LOG_FORMAT=json}): the message, the stack
 * trace and any field, as {@code %maskedMsg} and {@code %maskedEx} do for text lines.
 */
public final class MaskingValueMasker implements ValueMasker {
    @Override
    public Object mask(JsonStreamContext context, Object value) {
        if (value instanceof CharSequence text) {
            String masked = LogMasking.mask(text.toString());
            // null tells the encoder to write the value as it is, which saves a copy of every line without secrets
            return masked.contentEquals(text) ? null : masked;
        }
        return null;
    }
}
