/** One small class per rule of who may do what, where and when; each refuses with a stable {@link dev.slipway.domain.ErrorCode}. */
package dev.slipway.domain.rule;
