package dev.slipway.config;

import java.time.Duration;

/**
 * One Azure Automation account runbooks run in, and the service principal that starts their jobs. {@code name}
 * tells accounts apart when there are several; {@code authorityUrl}, {@code managementUrl} and {@code portalUrl}
 * default to Azure's public cloud (sovereign clouds and test servers set them).
 *
 * @param pollInterval how often a job's status is asked at first; 5 seconds when not given
 * @param timeout      how long a job may run before Slipway stops it; one hour when not given
 */
public record AzureConfig(String name, String tenantId, String clientId, String clientSecret, String subscriptionId,
                          String resourceGroup, String automationAccount, String authorityUrl, String managementUrl,
                          String portalUrl, Duration pollInterval, Duration timeout) {
    /** Like the generated one, without the client secret, so a configuration can be logged. */
    @Override
    public String toString() {
        return "AzureConfig[name=" + name + ", tenantId=" + tenantId + ", clientId=" + clientId
                + ", clientSecret=***, subscriptionId=" + subscriptionId + ", resourceGroup=" + resourceGroup
                + ", automationAccount=" + automationAccount + ", authorityUrl=" + authorityUrl + ", managementUrl="
                + managementUrl + ", portalUrl=" + portalUrl + ", pollInterval=" + pollInterval + ", timeout="
                + timeout + "]";
    }
}
