package dev.slipway.web;

import java.time.Instant;

/**
 * What every page's frame needs: its title, the navigation entry it belongs to, who reads it (null on the sign-in
 * pages) with their form token, and the time the page was made (for "running for 2m").
 */
public record Page(String title, String section, String user, String csrf, Instant now) {
    @Override
    public String toString() {
        return "Page[" + title + " for " + user + "]";
    }
}
