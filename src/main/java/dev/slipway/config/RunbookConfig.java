package dev.slipway.config;

import java.util.List;

/**
 * One entry of the {@code runbooks:} allow-list: what people may run, with which parameters, where and who.
 *
 * @param account   the {@code azure:} account's name; may be left out when there is one account
 * @param runOn     a Hybrid Runbook Worker group, or null for Azure's sandboxes
 * @param project   a project whose owners, QA and channel the runbook shares, or null
 * @param deployers who may run it, as an environment's deployers (users, owners, qa, anyone); empty for anyone
 * @param approvals approvals a run needs before it starts, or null
 */
public record RunbookConfig(String name, String description, String account, List<RunbookParameterConfig> parameters,
                            String runOn, String project, List<String> deployers, ApprovalsConfig approvals) {
}
