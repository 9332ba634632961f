/**
 * The data plane's relay: requests decoded by an edge codec, routed to a deployment, sent
 * through its adapter, and answered in the client's format, streamed as it arrives with
 * non-blocking servlet I/O. No thread waits for an upstream; a slow client slows the upstream
 * through a bounded buffer; a client that leaves cancels the upstream call.
 */
@NullMarked
package dev.ditto.gateway.relay;

import org.jspecify.annotations.NullMarked;
