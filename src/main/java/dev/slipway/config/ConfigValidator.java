package dev.slipway.config;

import dev.slipway.domain.Excerpt;
import dev.slipway.domain.RefKind;
import dev.slipway.domain.RefPattern;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checks that need more than one value's shape: required keys, names, references between keys, ranges.
 * Runs on the defaulted configuration even when binding found errors, skipping values that failed to bind,
 * so that one run reports everything.
 */
final class ConfigValidator {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final String NAME_RULE =
            "must match [a-z0-9][a-z0-9_-]* (lower-case letters, digits, - and _)";
    private static final List<String> GROUPS = List.of("owners", "qa", "anyone");
    private static final String KUBERNETES = "kubernetes";
    private static final String GITHUB = "github";
    private static final String WEBHOOK = "webhook";

    private final Diagnostics diagnostics;
    private final Map<String, RefKind> refKinds;

    /** @param refKinds the grammar of the refs each backend type deploys; types missing here deploy git refs */
    ConfigValidator(Diagnostics diagnostics, Map<String, RefKind> refKinds) {
        this.diagnostics = diagnostics;
        this.refKinds = refKinds;
    }

    void validate(SlipwayConfig config) {
        Integer port = config.server().port();
        if (port < 0 || port > 65535) {
            diagnostics.error("server.port", "must be between 0 and 65535");
        }
        positive("server.requestTimeout", config.server().requestTimeout());
        positive("database.maxPoolSize", config.database().maxPoolSize());
        jobs(config.jobs());
        projects(config.projects());
        if (config.slack() != null) {
            slack(config.slack(), config.server());
            buildChannels(config.projects());
            if (config.slack().distributed()) {
                workspaces(config.projects());
            }
        }
        new RunbookChecks().check(config);
        secrets(config.secrets());
        boolean webhooks = config.projects().stream().anyMatch(p -> deploysWith(p, WEBHOOK));
        if (webhooks && config.server().publicUrl() == null && !diagnostics.hasFailed("server.publicUrl")) {
            diagnostics.error("server.publicUrl", "required with a webhook backend: its receiver calls back there");
        }
    }

    /** The checks of {@code secrets:} alone, for reading only that section. */
    void secretsOnly(SecretsConfig secrets) {
        secrets(secrets);
    }

    private void secrets(SecretsConfig secrets) {
        if (diagnostics.hasFailed("secrets.provider")) {
            return;
        }
        if (!SecretsConfig.LOCAL.equals(secrets.provider()) && !SecretsConfig.AWS_KMS.equals(secrets.provider())) {
            diagnostics.error("secrets.provider", "expected local or aws-kms");
            return;
        }
        if (SecretsConfig.AWS_KMS.equals(secrets.provider())) {
            KmsConfig kms = secrets.kms();
            if (kms == null) {
                if (!diagnostics.hasFailed("secrets.kms")) {
                    diagnostics.error("secrets.kms", "required with provider aws-kms: give keyId and region");
                }
                return;
            }
            requiredText("secrets.kms.keyId", kms.keyId(), "the KMS key's id, ARN or alias/...");
            requiredText("secrets.kms.region", kms.region(), "the KMS key's AWS region, like eu-west-1");
            if (kms.endpointOverride() != null && !kms.endpointOverride().matches("https?://.+")) {
                diagnostics.error("secrets.kms.endpointOverride", "expected an http(s) URL");
            }
            if ((kms.accessKeyId() == null) != (kms.secretAccessKey() == null)) {
                diagnostics.error("secrets.kms", "give accessKeyId and secretAccessKey together, or neither");
            }
        } else if (secrets.kms() != null) {
            diagnostics.error("secrets.kms", "only used with provider aws-kms");
        }
    }

    private void requiredText(String path, String value, String what) {
        if ((value == null || value.isBlank()) && !diagnostics.hasFailed(path)) {
            diagnostics.error(path, "required: " + what);
        }
    }

    /** {@code azure:} accounts and the {@code runbooks:} allow-list, which names them and projects. */
    private final class RunbookChecks {
        private static final Pattern AUTOMATION_ACCOUNT = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9]{4,48}[A-Za-z0-9]");
        private static final Pattern RUNBOOK = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");
        private static final Pattern PARAMETER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

        void check(SlipwayConfig config) {
            java.util.Set<String> accounts = new java.util.HashSet<>();
            for (int i = 0; i < config.azure().size(); i++) {
                AzureConfig account = config.azure().get(i);
                String path = config.azure().size() == 1 && !diagnostics.isPresent(KeyPaths.element("azure", 0))
                        ? "azure" : KeyPaths.element("azure", i);
                if (account != null) {
                    account(path, account, accounts);
                }
            }
            for (int i = 0; i < config.projects().size(); i++) {
                ProjectConfig project = config.projects().get(i);
                if (project == null || project.environments() == null || !config.azure().isEmpty()) {
                    continue;
                }
                String environmentsPath = KeyPaths.child(KeyPaths.element("projects", i), "environments");
                project.environments().forEach((name, environment) -> {
                    if (isOf(environment, ConfigMapper.RUNBOOK_BACKEND)) {
                        diagnostics.error(KeyPaths.child(KeyPaths.child(environmentsPath, name), "backend"),
                                "an azure backend needs an azure: account to run in");
                    }
                });
            }
            java.util.Set<String> projectIds = new java.util.HashSet<>();
            config.projects().stream().filter(java.util.Objects::nonNull).map(ProjectConfig::id).forEach(projectIds::add);
            java.util.Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < config.runbooks().size(); i++) {
                RunbookConfig runbook = config.runbooks().get(i);
                if (runbook != null) {
                    runbook(KeyPaths.element("runbooks", i), runbook, config.azure().size(), accounts, projectIds, names);
                }
            }
        }

        private void account(String path, AzureConfig account, java.util.Set<String> accounts) {
            for (String key : List.of("tenantId", "clientId", "clientSecret", "subscriptionId", "resourceGroup",
                    "automationAccount")) {
                required(path, key, switch (key) {
                    case "tenantId" -> account.tenantId();
                    case "clientId" -> account.clientId();
                    case "clientSecret" -> account.clientSecret();
                    case "subscriptionId" -> account.subscriptionId();
                    case "resourceGroup" -> account.resourceGroup();
                    default -> account.automationAccount();
                });
            }
            if (account.automationAccount() != null && !AUTOMATION_ACCOUNT.matcher(account.automationAccount()).matches()) {
                diagnostics.error(KeyPaths.child(path, "automationAccount"),
                        "not an automation account name: 6 to 50 letters, digits and -, starting and ending with"
                                + " a letter or digit");
            }
            if (required(path, "name", account.name())) {
                if (!NAME.matcher(account.name()).matches()) {
                    diagnostics.error(KeyPaths.child(path, "name"), NAME_RULE);
                } else if (!accounts.add(account.name())) {
                    diagnostics.error(KeyPaths.child(path, "name"), "another azure account is named " + account.name());
                }
            }
            httpUrl(KeyPaths.child(path, "authorityUrl"), account.authorityUrl());
            httpUrl(KeyPaths.child(path, "managementUrl"), account.managementUrl());
            httpUrl(KeyPaths.child(path, "portalUrl"), account.portalUrl());
            positive(KeyPaths.child(path, "pollInterval"), account.pollInterval());
            positive(KeyPaths.child(path, "timeout"), account.timeout());
        }

        /** {@code accountCount}: how many accounts there are, {@code accounts} the names of those that have one. */
        private void runbook(String path, RunbookConfig runbook, int accountCount, java.util.Set<String> accounts,
                             java.util.Set<String> projectIds, java.util.Set<String> names) {
            if (required(path, "name", runbook.name())) {
                if (!RUNBOOK.matcher(runbook.name()).matches()) {
                    diagnostics.error(KeyPaths.child(path, "name"), "a runbook name starts with a letter and has"
                            + " only letters, digits, - and _ (at most 63)");
                } else if (!names.add(runbook.name())) {
                    diagnostics.error(KeyPaths.child(path, "name"), "runbook " + runbook.name() + " is listed twice");
                }
            }
            if (accountCount == 0) {
                diagnostics.error(path, "needs an azure: account to run in");
            } else if (runbook.account() == null && accountCount > 1) {
                diagnostics.error(path, "name its azure account (account:): there are several ("
                        + String.join(", ", new java.util.TreeSet<>(accounts)) + ")");
            } else if (runbook.account() != null && !accounts.contains(runbook.account())) {
                diagnostics.error(KeyPaths.child(path, "account"), "no azure account is named " + runbook.account()
                        + " (" + String.join(", ", new java.util.TreeSet<>(accounts)) + ")");
            }
            if (runbook.project() != null && !projectIds.contains(runbook.project())) {
                diagnostics.error(KeyPaths.child(path, "project"), "no project has the id " + runbook.project());
            }
            for (int i = 0; i < runbook.deployers().size(); i++) {
                String deployer = runbook.deployers().get(i);
                String deployerPath = KeyPaths.element(KeyPaths.child(path, "deployers"), i);
                if (deployer != null && !isDeployer(deployer)) {
                    diagnostics.error(deployerPath, "expected owners, qa, anyone or a user id without spaces");
                } else if (runbook.project() == null && ("owners".equals(deployer) || "qa".equals(deployer))) {
                    diagnostics.error(deployerPath, deployer + " means a project's: give the runbook a project"
                            + " (project:) or name people by their user id");
                }
            }
            if (runbook.approvals() != null) {
                diagnostics.error(KeyPaths.child(path, "approvals"), "runbooks take no approvals: approvals are what a"
                        + " build needs before it is promoted; say who may run it with deployers");
            }
            java.util.Set<String> parameterNames = new java.util.HashSet<>();
            for (int i = 0; i < runbook.parameters().size(); i++) {
                RunbookParameterConfig parameter = runbook.parameters().get(i);
                if (parameter != null) {
                    parameter(KeyPaths.element(KeyPaths.child(path, "parameters"), i), parameter, parameterNames);
                }
            }
        }

        private void parameter(String path, RunbookParameterConfig parameter, java.util.Set<String> names) {
            if (required(path, "name", parameter.name())) {
                if (!PARAMETER.matcher(parameter.name()).matches()) {
                    diagnostics.error(KeyPaths.child(path, "name"), "a parameter name has only letters, digits and _,"
                            + " and does not start with a digit");
                } else if (!names.add(parameter.name())) {
                    diagnostics.error(KeyPaths.child(path, "name"), "parameter " + parameter.name() + " is listed twice");
                }
            }
            Pattern pattern = null;
            if (parameter.pattern() != null) {
                try {
                    pattern = Pattern.compile(parameter.pattern());
                } catch (java.util.regex.PatternSyntaxException e) {
                    diagnostics.error(KeyPaths.child(path, "pattern"), "not a regular expression: " + e.getDescription());
                }
                if (!parameter.values().isEmpty()) {
                    diagnostics.error(path, "give pattern or values, not both");
                }
            }
            String value = parameter.defaultValue();
            if (value != null && (!parameter.values().isEmpty() && !parameter.values().contains(value)
                    || pattern != null && !pattern.matcher(value).matches())) {
                diagnostics.error(KeyPaths.child(path, "default"), "the default is not one of the values it allows");
            }
        }

        private void httpUrl(String path, String url) {
            if (url != null && !url.toLowerCase(java.util.Locale.ROOT).matches("https?://[^/\\s]+.*")) {
                diagnostics.error(path, "expected an http(s) URL");
            }
        }
    }

    /** With several workspaces, a channel id means nothing without the workspace it is in. */
    private void workspaces(List<ProjectConfig> projects) {
        for (int i = 0; i < projects.size(); i++) {
            ProjectConfig project = projects.get(i);
            if (project != null && project.channel() != null && project.team() == null) {
                diagnostics.error(KeyPaths.child(KeyPaths.element("projects", i), "team"), "required when workspaces"
                        + " install the app through OAuth: the workspace (team id, T…) channel " + project.channel()
                        + " is in");
            }
        }
    }

    /** On Slack, a build's preview is reported, and its shipping announced, in the project's channel. */
    private void buildChannels(List<ProjectConfig> projects) {
        for (int i = 0; i < projects.size(); i++) {
            ProjectConfig project = projects.get(i);
            if (project != null && project.hookToken() != null && project.channel() == null) {
                String path = KeyPaths.element("projects", i);
                diagnostics.error(KeyPaths.child(path, "channel"), "required for a project that takes builds"
                        + " (hookToken): its previews are reported and its releases announced there");
            }
        }
    }

    private void slack(SlackConfig slack, ServerConfig server) {
        if (slack.botToken() == null && slack.clientId() == null && !diagnostics.hasFailed("slack.botToken")) {
            diagnostics.error("slack.botToken", "required: the bot token of the one workspace, or else clientId and"
                    + " clientSecret for workspaces to install the app through OAuth");
        }
        if (slack.distributed()) {
            required("slack", "clientSecret", slack.clientSecret());
            if (server.publicUrl() == null && !diagnostics.hasFailed("server.publicUrl")) {
                diagnostics.error("server.publicUrl", "required when workspaces install the app through OAuth:"
                        + " Slack sends installers back to <publicUrl>/slack/oauth_redirect");
            }
            if (Boolean.TRUE.equals(slack.socketMode())) {
                diagnostics.error("slack.socketMode", "Socket Mode serves one workspace: set slack.botToken, or"
                        + " receive the workspaces' events over HTTP");
            }
        }
        if (Boolean.TRUE.equals(slack.socketMode())) {
            required("slack", "appToken", slack.appToken());
        } else {
            required("slack", "signingSecret", slack.signingSecret());
        }
        if (slack.command() != null && !slack.command().startsWith("/")) {
            diagnostics.error("slack.command", "must start with / (like /slipway)");
        }
        if (slack.runbookCommand() != null && !slack.runbookCommand().startsWith("/")) {
            diagnostics.error("slack.runbookCommand", "must start with / (like /runbook)");
        } else if (slack.runbookCommand() != null && slack.runbookCommand().equals(slack.command())) {
            diagnostics.error("slack.runbookCommand", "must differ from slack.command");
        }
        if (slack.apiUrl() != null && !slack.apiUrl().matches("https?://.+")) {
            diagnostics.error("slack.apiUrl", "must start with http:// or https://");
        }
    }

    private void jobs(JobsConfig jobs) {
        positive("jobs.workers", jobs.workers());
        positive("jobs.maxAttempts", jobs.maxAttempts());
        positive("jobs.initialBackoff", jobs.initialBackoff());
        positive("jobs.maxBackoff", jobs.maxBackoff());
        positive("jobs.lease", jobs.lease());
        positive("jobs.pollInterval", jobs.pollInterval());
        if (jobs.maxBackoff().compareTo(jobs.initialBackoff()) < 0) {
            diagnostics.error("jobs.maxBackoff", "must not be shorter than jobs.initialBackoff");
        }
    }

    private void projects(List<ProjectConfig> projects) {
        if (projects.isEmpty() && !diagnostics.hasFailed("projects")) {
            diagnostics.error("projects", "at least one project is required");
        }
        Map<String, String> firstPathById = new HashMap<>();
        Map<String, String> firstPathByRepository = new HashMap<>();
        for (int i = 0; i < projects.size(); i++) {
            ProjectConfig project = projects.get(i);
            if (project == null) {
                continue;
            }
            String path = KeyPaths.element("projects", i);
            if (required(path, "id", project.id())) {
                String idPath = KeyPaths.child(path, "id");
                String first = firstPathById.putIfAbsent(project.id(), idPath);
                if (!NAME.matcher(project.id()).matches()) {
                    diagnostics.error(idPath, NAME_RULE);
                } else if (first != null) {
                    diagnostics.error(idPath, "duplicate project id \"" + project.id() + "\" (first at line "
                            + diagnostics.lineOf(first) + ")");
                }
            }
            environments(path, project);
            freezes(KeyPaths.child(path, "freeze"), project.freeze());
            url(path, project);
            github(path, project, firstPathByRepository);
        }
    }

    private static final java.util.regex.Pattern REPOSITORY =
            java.util.regex.Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9_.-]{1,100}");

    /**
     * {@code github:} names one repository, which no other project names (deliveries and {@code setup} find the
     * project by it), reached with a token or an app; a {@code github} backend needs it.
     */
    private void github(String projectPath, ProjectConfig project, Map<String, String> firstPathByRepository) {
        GitHubConfig github = project.github();
        String path = KeyPaths.child(projectPath, "github");
        boolean deploysOnGitHub = deploysWith(project, GITHUB);
        if (github == null) {
            if (deploysOnGitHub && !diagnostics.hasFailed(path)) {
                diagnostics.error(path, "required for a project with a github environment: it names the repository"
                        + " and how Slipway reaches it");
            }
            return;
        }
        if (required(path, "repo", github.repo())) {
            String repoPath = KeyPaths.child(path, "repo");
            if (!REPOSITORY.matcher(github.repo()).matches() || github.repo().endsWith(".") ) {
                diagnostics.error(repoPath, "expected owner/name, such as acme/api");
            } else {
                String first = firstPathByRepository.putIfAbsent(github.repo().toLowerCase(java.util.Locale.ROOT),
                        repoPath);
                if (first != null) {
                    diagnostics.error(repoPath, "another project deploys from " + github.repo() + " (line "
                            + diagnostics.lineOf(first) + "); a repository belongs to one project");
                }
            }
        }
        String apiUrl = github.apiUrl();
        if (apiUrl != null && !apiUrl.toLowerCase(java.util.Locale.ROOT).matches("https?://[^/\\s]+.*")) {
            diagnostics.error(KeyPaths.child(path, "apiUrl"),
                    "expected the API's http(s) URL: https://api.github.com, or https://host/api/v3 for GitHub Enterprise");
        }
        boolean token = github.token() != null && !github.token().isBlank();
        if (token == (github.app() != null)) {
            diagnostics.error(path, token ? "give either token or app, not both"
                    : "give a token (token:) or a GitHub App (app: { appId, privateKey })");
        }
        if (github.app() != null) {
            String appPath = KeyPaths.child(path, "app");
            if (github.app().appId() == null || github.app().appId() <= 0) {
                diagnostics.error(KeyPaths.child(appPath, "appId"), "required: the GitHub App's numeric id");
            }
            String key = github.app().privateKey();
            if (key == null || !key.contains("-----BEGIN") || !key.contains("PRIVATE KEY-----")) {
                diagnostics.error(KeyPaths.child(appPath, "privateKey"),
                        "required: the app's private key as GitHub hands it out (PEM, -----BEGIN RSA PRIVATE KEY-----)");
            }
        }
    }

    /** Kubernetes environments serve at hosts derived from the project's URL, so it must be there and usable. */
    private void url(String projectPath, ProjectConfig project) {
        String path = KeyPaths.child(projectPath, "url");
        boolean onKubernetes = deploysWith(project, KUBERNETES);
        if (project.url() == null) {
            if (onKubernetes && !diagnostics.hasFailed(path)) {
                diagnostics.error(path, "required for a project with a kubernetes environment: its preview and"
                        + " production hosts derive from it");
            }
            return;
        }
        try {
            java.net.URI uri = new java.net.URI(project.url());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                diagnostics.error(path, "expected an http(s) URL with a host, such as https://api.example.com");
            }
        } catch (java.net.URISyntaxException e) {
            diagnostics.error(path, "not a valid URL: " + e.getReason());
        }
    }

    private void environments(String projectPath, ProjectConfig project) {
        Map<String, EnvironmentConfig> environments = project.environments();
        if (!required(projectPath, "environments", environments)) {
            return;
        }
        String path = KeyPaths.child(projectPath, "environments");
        if (environments.isEmpty()) {
            diagnostics.error(path, "at least one environment is required");
        }
        environments.forEach((name, environment) -> {
            String environmentPath = KeyPaths.child(path, name);
            if (!NAME.matcher(name).matches()) {
                diagnostics.error(environmentPath, "environment name " + NAME_RULE);
            }
            if (environment != null) {
                environment(environmentPath, environment);
                freezes(KeyPaths.child(environmentPath, "freeze"), environment.freeze());
                refs(environmentPath, environment, name.equals(project.productionEnvironment()));
            }
        });
        namesAnEnvironment(projectPath, "defaultEnvironment", project.defaultEnvironment(), environments);
        namesAnEnvironment(projectPath, "previewEnvironment", project.previewEnvironment(), environments);
        namesAnEnvironment(projectPath, "productionEnvironment", project.productionEnvironment(), environments);
    }

    /** A key the file sets to the name of an environment must name one the project has (defaults are not checked). */
    private void namesAnEnvironment(String projectPath, String key, String name,
                                    Map<String, EnvironmentConfig> environments) {
        String path = KeyPaths.child(projectPath, key);
        if (name != null && diagnostics.isPresent(path) && !environments.isEmpty() && !environments.containsKey(name)) {
            diagnostics.error(path, "\"" + name + "\" is not one of the project's environments ("
                    + String.join(", ", environments.keySet()) + ")");
        }
    }

    private void environment(String path, EnvironmentConfig environment) {
        required(path, "backend", environment.backend());
        ApprovalsConfig approvals = environment.approvals();
        if (approvals != null) {
            String approvalsPath = KeyPaths.child(path, "approvals");
            positive(KeyPaths.child(approvalsPath, "required"), approvals.required());
            if (approvals.from().isEmpty()) {
                diagnostics.error(KeyPaths.child(approvalsPath, "from"), "name who may approve: qa, owners or user ids");
            }
            for (int i = 0; i < approvals.from().size(); i++) {
                String approver = approvals.from().get(i);
                if (approver == null || approver.equals("anyone") || !isDeployer(approver)) {
                    diagnostics.error(KeyPaths.element(KeyPaths.child(approvalsPath, "from"), i),
                            "expected qa, owners or a user id without spaces");
                }
            }
        }
        List<String> deployers = environment.deployers();
        for (int i = 0; i < deployers.size(); i++) {
            String deployer = deployers.get(i);
            if (deployer != null && !isDeployer(deployer)) {
                diagnostics.error(KeyPaths.element(KeyPaths.child(path, "deployers"), i),
                        "expected owners, qa, anyone or a user id without spaces");
            }
        }
        String whenBusy = environment.whenBusy();
        if (!whenBusy.equals("queue") && !whenBusy.equals("refuse")) {
            diagnostics.error(KeyPaths.child(path, "whenBusy"), "expected queue or refuse");
        }
        if (environment.autoRollback() && environment.backend() != null
                && !environment.backend().type().equals("kubernetes")) {
            diagnostics.error(KeyPaths.child(path, "autoRollback"), "only a kubernetes environment rolls a failed"
                    + " rollout back by itself; roll back others with `rollback <project> <environment>`");
        }
    }

    /**
     * The default ref must be a valid ref of the backend's kind, and every {@code allowedRefs} pattern must be able
     * to match one; the production environment also takes reviewed builds' images, so its patterns may match those.
     */
    private void refs(String path, EnvironmentConfig environment, boolean takesImages) {
        RefKind kind = environment.backend() == null ? RefKind.GIT
                : refKinds.getOrDefault(environment.backend().type(), RefKind.GIT);
        String defaultRef = environment.defaultRef();
        if (defaultRef != null) {
            kind.problem(defaultRef).ifPresent(problem -> diagnostics.error(KeyPaths.child(path, "defaultRef"),
                    "`%s` is not a valid %s: it %s".formatted(Excerpt.of(defaultRef), kind.noun(), problem)));
        }
        List<String> patterns = environment.allowedRefs();
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i) == null) {
                continue;
            }
            RefPattern pattern = new RefPattern(patterns.get(i));
            Optional<String> problem = pattern.problem(kind);
            if (problem.isEmpty()) {
                continue;
            }
            String shown = Excerpt.of(pattern.pattern());
            String elementPath = KeyPaths.element(KeyPaths.child(path, "allowedRefs"), i);
            if (!takesImages || kind == RefKind.IMAGE) {
                diagnostics.error(elementPath, "`%s` can match no valid %s: every one it matches %s"
                        .formatted(shown, kind.noun(), problem.get()));
                continue;
            }
            Optional<String> asImage = pattern.problem(RefKind.IMAGE);
            if (asImage.isPresent()) {
                diagnostics.error(elementPath, ("`%s` can match no valid %s (every one it matches %s) nor %s (every"
                        + " one it matches %s)").formatted(shown, kind.noun(), problem.get(), RefKind.IMAGE.noun(),
                        asImage.get()));
            }
        }
    }

    /**
     * Each change freeze repeats ({@code cron} and {@code duration}) or is fixed ({@code from} and {@code until}), in a
     * zone and at times that {@link FreezeWindows} reads, so that turning them into windows cannot fail.
     */
    private void freezes(String path, List<FreezeConfig> freezes) {
        for (int i = 0; freezes != null && i < freezes.size(); i++) {
            if (freezes.get(i) != null) {
                freeze(KeyPaths.element(path, i), freezes.get(i));
            }
        }
    }

    private void freeze(String freezePath, FreezeConfig freeze) {
        boolean repeating = given(freezePath, "cron", freeze.cron()) || given(freezePath, "duration", freeze.duration());
        boolean fixed = given(freezePath, "from", freeze.from()) || given(freezePath, "until", freeze.until());
        if (repeating == fixed) {
            diagnostics.error(freezePath, "give cron and duration (a repeating freeze) or from and until (a fixed"
                    + " one)" + (repeating ? ", not both" : ""));
            return;
        }
        java.time.ZoneId zone = null;
        try {
            zone = FreezeWindows.zone(freeze.timezone());
        } catch (java.time.DateTimeException e) {
            diagnostics.error(KeyPaths.child(freezePath, "timezone"), "\"%s\" is not a time zone: expected a region"
                    .formatted(Excerpt.of(freeze.timezone())) + " such as Europe/Berlin, UTC or an offset such as"
                    + " +09:00");
        }
        if (repeating) {
            if (required(freezePath, "cron", freeze.cron())) {
                try {
                    CronFreezeWindow.executions(freeze.cron());
                } catch (IllegalArgumentException e) {
                    diagnostics.error(KeyPaths.child(freezePath, "cron"), "\"%s\" is not a cron expression (%s): %s"
                            .formatted(Excerpt.of(freeze.cron()), CronFreezeWindow.FIELDS, e.getMessage()));
                }
            }
            if (required(freezePath, "duration", freeze.duration())) {
                positive(KeyPaths.child(freezePath, "duration"), freeze.duration());
            }
            return;
        }
        java.time.Instant from = freezeTime(freezePath, "from", freeze.from(), zone);
        java.time.Instant until = freezeTime(freezePath, "until", freeze.until(), zone);
        if (from != null && until != null && zone != null && !until.isAfter(from)) {
            diagnostics.error(KeyPaths.child(freezePath, "until"), "must be after from (a date alone means the"
                    + " first moment of that day)");
        }
    }

    /** Whether the key has a value or had one that failed to bind. */
    private boolean given(String parentPath, String key, Object value) {
        return value != null || diagnostics.hasFailed(KeyPaths.child(parentPath, key));
    }

    /** The instant of a freeze's {@code from} or {@code until}, or null when it is missing or unreadable (reported). */
    private java.time.Instant freezeTime(String freezePath, String key, String text, java.time.ZoneId zone) {
        if (!required(freezePath, key, text)) {
            return null;
        }
        try {
            return FreezeWindows.instant(text, zone == null ? java.time.ZoneOffset.UTC : zone);
        } catch (java.time.format.DateTimeParseException e) {
            String problem = e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")";
            diagnostics.error(KeyPaths.child(freezePath, key), "\"%s\" is not a date or time%s: expected %s"
                    .formatted(Excerpt.of(text), problem, FreezeWindows.TIMES));
            return null;
        }
    }

    /** Whether an environment of {@code project} (null, or one that failed to bind: none) deploys with {@code type}. */
    private static boolean deploysWith(ProjectConfig project, String type) {
        return project != null && project.environments() != null
                && project.environments().values().stream().anyMatch(e -> isOf(e, type));
    }

    private static boolean isOf(EnvironmentConfig environment, String type) {
        return environment != null && environment.backend() != null && type.equals(environment.backend().type());
    }

    private static boolean isDeployer(String deployer) {
        return GROUPS.contains(deployer)
                || !deployer.isEmpty() && deployer.chars().noneMatch(Character::isWhitespace);
    }

    /** Whether the value is there; reports it when it is absent, unless it was present and already reported. */
    private boolean required(String parentPath, String key, Object value) {
        String path = KeyPaths.child(parentPath, key);
        if (value != null) {
            return true;
        }
        if (!diagnostics.hasFailed(path)) {
            diagnostics.error(path, diagnostics.isPresent(path) ? "must not be empty" : "required key is missing");
        }
        return false;
    }

    private void positive(String path, Integer value) {
        if (value <= 0) {
            diagnostics.error(path, "must be a positive number");
        }
    }

    private void positive(String path, Duration value) {
        if (value.isNegative() || value.isZero()) {
            diagnostics.error(path, "must be longer than zero");
        }
    }
}
