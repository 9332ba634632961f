/**
 * The data plane's relay: requests decoded by an edge codec, routed to a deployment, and either
 * forwarded as they are to a deployment that speaks the client's OpenAI API (passthrough) or
 * sent through the deployment's adapter and answered in the client's format (translation);
 * streamed as it arrives with non-blocking servlet I/O. No thread waits for an upstream; a slow client slows the upstream
 * through a bounded buffer; a client that leaves cancels the upstream call.
 */
@NullMarked
package dev.ditto.gateway.relay;

import org.jspecify.annotations.NullMarked;
