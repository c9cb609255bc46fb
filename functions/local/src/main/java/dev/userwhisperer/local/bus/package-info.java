/**
 * The local event bus: {@link dev.userwhisperer.local.bus.SqliteEventBus} on the SQLite file of the
 * stores. Wire one bus per {@link dev.userwhisperer.local.store.SqliteDatabase}, subscribe each
 * topic once at start-up, and close the bus before the database (a bean that depends on the
 * database is destroyed first, which gives that order).
 */
package dev.userwhisperer.local.bus;
