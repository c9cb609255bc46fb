/**
 * The embedded stores of the local runner in one SQLite file: open one {@link
 * dev.userwhisperer.local.store.SqliteDatabase} (e.g. {@code data/whisperer.db}) and give it to
 * each adapter; the adapters hold no state of their own, the database owns the connections.
 */
package dev.userwhisperer.local.store;
