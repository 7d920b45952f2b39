/** Use cases: what Slipway does when asked, independent of how the request arrived or where it deploys. */
package dev.slipway.app;
