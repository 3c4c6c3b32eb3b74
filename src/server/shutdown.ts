/**
 * Graceful shutdown of the HTTP edge (npm start calls `drain` on SIGTERM,
 * SIGINT or SIGHUP; docs in the README, "Operations").
 *
 * While draining, the server keeps listening so that every new request gets
 * a clear answer, 503 SHUTTING_DOWN with `Connection: close` (and /health
 * says "shutting down", so a load balancer takes this instance out of
 * rotation), instead of a refused connection a client cannot tell from a
 * crash. Requests already in flight finish, up to the grace period; any
 * still running then has its connection closed, and its write transaction
 * is rolled back whole by Neo4j when the driver closes (never half-written).
 */
import type http from 'node:http';
import type express from 'express';
import { ErrorCode } from '../errors';
import { noteRefusal } from './logging';

/** Where the server is in its life: serving, finishing what is in flight (since when), or closed. */
export type ServingState = { phase: 'serving' } | { phase: 'draining'; since: number } | { phase: 'stopped' };

export const SHUTTING_DOWN_MESSAGE = 'the server is shutting down; send the request again (to another instance, or once it is back)';

export class Shutdown {
  state: ServingState = { phase: 'serving' };
  private readonly inFlight = new Set<http.ServerResponse>();
  private settled: (() => void) | null = null;

  /**
   * The first handler of every request: counts it in flight while serving,
   * refuses it once draining has begun. A refused request never reaches
   * authentication, so it costs nothing and reveals nothing.
   */
  gate(): express.RequestHandler {
    return (req, res, next) => {
      if (this.state.phase !== 'serving') {
        res.setHeader('connection', 'close');
        noteRefusal(res, ErrorCode.SHUTTING_DOWN);
        if (req.path === '/health') {
          res.status(503).json({ status: 'shutting down' });
        } else {
          res.status(503).json({ errors: [{ message: SHUTTING_DOWN_MESSAGE, extensions: { code: ErrorCode.SHUTTING_DOWN } }] });
        }
        return;
      }
      this.inFlight.add(res);
      res.once('close', () => {
        this.inFlight.delete(res);
        if (this.inFlight.size === 0) this.settled?.();
      });
      next();
    };
  }

  /**
   * Refuses new requests from now on, waits for those in flight to finish
   * (at most `graceMs`), then closes the server and every connection left.
   * Resolves with how many requests were cut off at the bound.
   */
  async drain(httpServer: http.Server, graceMs: number): Promise<{ unfinished: number }> {
    if (this.state.phase !== 'serving') return { unfinished: 0 };
    this.state = { phase: 'draining', since: Date.now() };
    // Answers still being prepared close their connection once sent: a client must not reuse it for a request we would refuse.
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    httpServer.closeIdleConnections();
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.settled = resolve;
        timer = setTimeout(resolve, graceMs);
      });
      clearTimeout(timer);
      this.settled = null;
    }
    const unfinished = this.inFlight.size;
    this.state = { phase: 'stopped' };
    await new Promise<void>((resolve) => {
      httpServer.close(() => resolve());
      httpServer.closeAllConnections();
    });
    return { unfinished };
  }
}
