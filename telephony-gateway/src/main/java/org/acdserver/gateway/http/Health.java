package org.acdserver.gateway.http;

/**
 * What {@code /health} reports.
 *
 * @param ami            whether the Asterisk manager connection is up
 * @param agiSessions    FastAGI sessions open now
 * @param callsInQueue   calls waiting in a queue
 * @param recordsPending interaction records not yet written to the database
 */
public record Health(boolean ami, int agiSessions, int callsInQueue, long recordsPending) {
}
