{{/* The chart's name. */}}
{{- define "slipway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The name of the release's objects. */}}
{{- define "slipway.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "slipway.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "slipway.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "slipway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "slipway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "slipway.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "slipway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "slipway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "slipway.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "slipway.secretName" -}}
{{- default (include "slipway.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* The Secret's entries, by environment variable name; empty values are left out. */}}
{{- define "slipway.secretEntries" -}}
{{- $s := .Values.secrets -}}
{{- $entries := dict -}}
{{- range $key, $value := dict "SLIPWAY_MASTER_KEY" $s.masterKey "SLACK_SIGNING_SECRET" $s.slackSigningSecret "SLACK_BOT_TOKEN" $s.slackBotToken "SLIPWAY_DATABASE_USERNAME" $s.databaseUsername "SLIPWAY_DATABASE_PASSWORD" $s.databasePassword "SLIPWAY_METRICS_TOKEN" $s.metricsToken -}}
{{- if $value }}{{ $_ := set $entries $key $value }}{{ end -}}
{{- end -}}
{{- range $key, $value := $s.extra -}}
{{- if $value }}{{ $_ := set $entries $key $value }}{{ end -}}
{{- end -}}
{{- toYaml $entries -}}
{{- end -}}

{{/*
Refuses values that would break Slipway: two pods on one SQLite file, or replicas that cannot open each other's
sealed secrets.
*/}}
{{- define "slipway.validate" -}}
{{- if .Values.postgresql.enabled -}}
{{- if not .Values.postgresql.url -}}
{{- fail "postgresql.enabled needs postgresql.url (jdbc:postgresql://HOST:5432/DATABASE)" -}}
{{- end -}}
{{- if not (or .Values.secrets.masterKey .Values.secrets.existingSecret) -}}
{{- fail "postgresql.enabled needs secrets.masterKey (openssl rand -base64 32), or secrets.existingSecret holding SLIPWAY_MASTER_KEY: every replica must use the same master key" -}}
{{- end -}}
{{- if not .Values.secrets.existingSecret -}}
{{- if not (and .Values.secrets.databaseUsername .Values.secrets.databasePassword) -}}
{{- fail "postgresql.enabled needs secrets.databaseUsername and secrets.databasePassword (or secrets.existingSecret holding SLIPWAY_DATABASE_USERNAME and SLIPWAY_DATABASE_PASSWORD)" -}}
{{- end -}}
{{- end -}}
{{- else if gt (int .Values.replicaCount) 1 -}}
{{- fail (printf "replicaCount %d needs postgresql.enabled: replicas must never share the SQLite file" (int .Values.replicaCount)) -}}
{{- end -}}
{{- if .Values.secrets.masterKey -}}
{{- if ne (len (b64dec .Values.secrets.masterKey)) 32 -}}
{{- fail "secrets.masterKey must be base64 of 32 bytes (openssl rand -base64 32)" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* slipway.yaml: config from the values, with the port, database and dataDir this chart runs it with. */}}
{{- define "slipway.config" -}}
{{- $config := deepCopy (default dict .Values.config) -}}
{{- $server := deepCopy (default dict (get $config "server")) -}}
{{- $_ := set $server "port" 3000 -}}
{{- if or .Values.metrics.requireToken .Values.secrets.metricsToken -}}
{{- $_ := set $server "metricsToken" "${SLIPWAY_METRICS_TOKEN}" -}}
{{- end -}}
{{- $_ := set $config "server" $server -}}
{{- if .Values.postgresql.enabled -}}
{{- $_ := set $config "database" (dict "url" .Values.postgresql.url "username" "${SLIPWAY_DATABASE_USERNAME}" "password" "${SLIPWAY_DATABASE_PASSWORD}" "maxPoolSize" (int .Values.postgresql.maxPoolSize)) -}}
{{- else -}}
{{- $_ := set $config "database" (dict "url" "jdbc:sqlite:/data/slipway.db") -}}
{{- end -}}
{{- $_ := set $config "dataDir" "/data/.slipway" -}}
{{- toYaml $config -}}
{{- end -}}
