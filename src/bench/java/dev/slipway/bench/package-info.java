/** The benchmark: a load generator that signs requests as Slack does, and the bare Javalin baseline it is compared with. */
package dev.slipway.bench;
