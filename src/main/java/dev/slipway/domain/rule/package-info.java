/** One small class per deploy rule; each refuses with a stable {@link dev.slipway.domain.ErrorCode}. */
package dev.slipway.domain.rule;
