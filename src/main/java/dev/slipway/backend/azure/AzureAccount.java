package dev.slipway.backend.azure;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An Azure Automation account Slipway starts runbook jobs in, and the service principal it signs in as.
 *
 * @param name              the account's name in Slipway's configuration
 * @param tenantId          the Microsoft Entra tenant of the service principal
 * @param clientId          the service principal's application (client) id
 * @param clientSecret      its client secret; never shown by {@link #toString()} nor in any message
 * @param subscriptionId    the subscription that holds the automation account
 * @param resourceGroup     the resource group that holds it
 * @param automationAccount the automation account's name
 * @param authorityUrl      where tokens come from; {@code https://login.microsoftonline.com} when not given
 * @param managementUrl     Azure Resource Manager; {@code https://management.azure.com} when not given
 * @param portalUrl         where a person looks at a job; {@code https://portal.azure.com} when not given
 * @param pollInterval      how often a running job is looked at (less often while it does not change); 5 s when
 *                          not given
 * @param timeout           how long a job may run before Slipway stops it; one hour when not given
 */
public record AzureAccount(String name, String tenantId, String clientId, String clientSecret, String subscriptionId,
                           String resourceGroup, String automationAccount, String authorityUrl, String managementUrl,
                           String portalUrl, Duration pollInterval, Duration timeout) {
    static final String DEFAULT_AUTHORITY = "https://login.microsoftonline.com";
    static final String DEFAULT_MANAGEMENT = "https://management.azure.com";
    static final String DEFAULT_PORTAL = "https://portal.azure.com";
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
    static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
    private static final Pattern ACCOUNT_NAME = Pattern.compile("^[A-Za-z0-9][-A-Za-z0-9]{4,48}[A-Za-z0-9]$");

    public AzureAccount {
        name = required(name, "name");
        tenantId = required(tenantId, "tenantId");
        clientId = required(clientId, "clientId");
        if (clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("clientSecret is required");
        }
        subscriptionId = required(subscriptionId, "subscriptionId");
        resourceGroup = required(resourceGroup, "resourceGroup");
        automationAccount = required(automationAccount, "automationAccount");
        if (!ACCOUNT_NAME.matcher(automationAccount).matches()) {
            throw new IllegalArgumentException("automationAccount `" + automationAccount + "` is not an automation"
                    + " account name: 6 to 50 letters, digits and hyphens, starting and ending with a letter or digit");
        }
        authorityUrl = url(authorityUrl, DEFAULT_AUTHORITY, "authorityUrl");
        managementUrl = url(managementUrl, DEFAULT_MANAGEMENT, "managementUrl");
        portalUrl = url(portalUrl, DEFAULT_PORTAL, "portalUrl");
        pollInterval = positive(pollInterval, DEFAULT_POLL_INTERVAL, "pollInterval");
        timeout = positive(timeout, DEFAULT_TIMEOUT, "timeout");
    }

    /** An account in Azure's public cloud, polled every 5 s, whose jobs may run an hour. */
    public AzureAccount(String name, String tenantId, String clientId, String clientSecret, String subscriptionId,
                        String resourceGroup, String automationAccount) {
        this(name, tenantId, clientId, clientSecret, subscriptionId, resourceGroup, automationAccount, null, null,
                null, null, null);
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value.strip();
    }

    /** The URL without trailing slashes, so that paths appended to it have one. */
    private static String url(String value, String fallback, String field) {
        String url = value == null || value.isBlank() ? fallback : value.strip();
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new IllegalArgumentException(field + " must start with http:// or https://");
        }
        try {
            if (URI.create(url).getHost() == null) {
                throw new IllegalArgumentException(field + " has no host: " + url);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not a valid URL: " + url);
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    private static Duration positive(Duration value, Duration fallback, String field) {
        Duration duration = value == null ? fallback : value;
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(field + " must be positive");
        }
        return duration;
    }

    /** Like the generated one, but without the client secret, so an account can be logged. */
    @Override
    public String toString() {
        return "AzureAccount[name=" + name + ", tenantId=" + tenantId + ", clientId=" + clientId
                + ", clientSecret=***, subscriptionId=" + subscriptionId + ", resourceGroup=" + resourceGroup
                + ", automationAccount=" + automationAccount + ", authorityUrl=" + authorityUrl + ", managementUrl="
                + managementUrl + ", portalUrl=" + portalUrl + ", pollInterval=" + pollInterval + ", timeout="
                + timeout + "]";
    }
}
