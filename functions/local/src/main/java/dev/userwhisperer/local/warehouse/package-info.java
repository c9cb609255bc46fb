/**
 * The local warehouse: {@link dev.userwhisperer.local.warehouse.DuckDbWarehouse} on one DuckDB file
 * (e.g. {@code data/warehouse.duckdb}) with the tables of {@code bigquery/schemas}, which the build
 * copies to {@code warehouse/schemas/} on the classpath.
 */
package dev.userwhisperer.local.warehouse;
