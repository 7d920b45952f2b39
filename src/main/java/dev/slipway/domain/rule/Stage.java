package dev.slipway.domain.rule;

/** When a deployment's rules are asked: as it is requested, once its requester confirmed it, as it is about to start. */
public enum Stage {
    REQUEST,
    CONFIRMED,
    START
}
