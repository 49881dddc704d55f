package dev.barbiton.server;

/**
 * What a {@link LoopbackServer} has done so far; a snapshot, each count read on its own.
 *
 * @param openConnections client connections open now
 * @param acceptedConnections connections accepted since the start (refused ones included)
 * @param refusedConnections connections answered 503 and closed at once because {@code
 *     maxConnections} were open
 * @param timedOutConnections connections closed by a timeout: idle too long between requests, a
 *     request head too slow to arrive, or a client that stopped reading its response
 * @param requests request heads read (well-formed or not)
 * @param registeredUrls URLs registered and not released
 */
public record ServerStats(int openConnections, long acceptedConnections, long refusedConnections,
    long timedOutConnections, long requests, int registeredUrls) {}
