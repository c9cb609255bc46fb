/**
 * The web console: server-rendered pages (jte, precompiled at build time) with htmx and ECharts
 * served from WebJars, for the product team. It reads what the rest of the product reads: the
 * stores through their ports, the dashboard views of {@code bigquery/views} through {@link
 * dev.userwhisperer.local.console.DashboardReads}, the models as {@code GET /v1/models} shows them,
 * and saves configuration through {@link dev.userwhisperer.core.appconfig.AppConfigApi}. It sits on
 * the admin surface: a person signs in with the admin token ({@link
 * dev.userwhisperer.local.console.ConsoleSessionFilter}), then picks an app.
 */
package dev.userwhisperer.local.console;
