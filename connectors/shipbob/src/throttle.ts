import { responseHeader, type HttpResponse, type ThrottleGate } from '@ucg/connector-core';

/**
 * ShipBob's throttle signals: `x-retry-after` (seconds) on a 429, and `x-remaining-calls` on every
 * answer. When the window is spent the connector holds all calls instead of spending one more
 * request on a certain 429: until its own oldest call in the window ages out when it made the
 * window's calls itself, or for one average interval (window / limit) when other clients of the
 * same account spent it and the moment it frees up cannot be known.
 *
 * Calls are timed when their answer arrives: ShipBob counted each call somewhere between sending
 * and answering, so the answer time is the one bound that never ages out too early.
 */
export function createShipBobThrottle(options: { limit: number; windowMs: number; clock?: () => number }) {
  const clock = options.clock ?? Date.now;
  const counted: number[] = [];
  const margin = 10 + Math.ceil(options.windowMs * 0.005);

  return {
    throttleDelay(response: HttpResponse): number | undefined {
      const seconds = Number(responseHeader(response.headers, 'x-retry-after'));
      return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
    },
    onResponse(response: HttpResponse, gate: ThrottleGate): void {
      const now = clock();
      // A refused call does not count against the window.
      if (response.status !== 429) counted.push(now);
      while (counted.length > 0 && now - counted[0]! >= options.windowMs) counted.shift();
      const raw = responseHeader(response.headers, 'x-remaining-calls');
      if (raw === undefined || response.status === 429 || Number(raw) > 0) return;
      if (counted.length >= options.limit) gate.hold(counted[counted.length - options.limit]! + options.windowMs - now + margin);
      else gate.hold(Math.ceil(options.windowMs / options.limit));
    },
  };
}
