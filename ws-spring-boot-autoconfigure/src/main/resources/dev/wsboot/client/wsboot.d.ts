// Type declarations of wsboot.js, the browser client of the wsboot Spring Boot starter.

/** Close codes after which the client does not reconnect: 1003, 1008, 1009. */
export declare const FINAL_CLOSE_CODES: number[];

/** Handshake answers after which the client does not reconnect: 401, 403, 429. */
export declare const FINAL_HTTP_STATUSES: number[];

export interface WsClientOptions {
  /** Shortest backoff cap in ms (500). */
  minDelay?: number;
  /** Longest wait between attempts in ms (20000). */
  maxDelay?: number;
  /** How long one attempt may take to open, in ms (10000). */
  connectTimeout?: number;
  /** Default timeout of request(), in ms (10000). */
  requestTimeout?: number;
  /** Most sends kept while not connected; the oldest go first (100). */
  queueSize?: number;
  /** Silence in ms after which the client pings the server (25000). */
  pingInterval?: number;
  /** How long a ping may go unanswered before the connection counts as dead, in ms (10000). */
  pingTimeout?: number;
  /** The server's ws.protocol.route-key ('action'). */
  routeKey?: string;
  /** Whether to present the last positions of rooms with history on reconnect (true). */
  recover?: boolean;
  /** A WebSocket implementation, for runtimes without a global one. */
  WebSocket?: unknown;
  /** A fetch implementation, for the refusal probe. */
  fetch?: (url: string, init?: object) => Promise<{ status: number }>;
}

export type WsState =
  | { state: 'connecting'; attempt: number }
  | { state: 'open' }
  | { state: 'reconnecting'; attempt: number; delay: number; code: number; reason: string }
  | { state: 'closed'; code: number; reason: string; status?: number };

export interface Recovery {
  room: string;
  /** false: messages were missed and not replayed; refetch the room's state. */
  recovered: boolean;
  offset: number;
  epoch: string;
}

/** A server event, {"type": TYPE, "data": DATA}, with its position in a room with history. */
export interface ServerEvent<T = unknown> {
  type: string;
  data?: T;
  room?: string;
  offset?: number;
  epoch?: string;
  [field: string]: unknown;
}

/** Why a request failed: the error frame's code, or timeout, disconnected, closed, not_connected. */
export declare class RequestError extends Error {
  code: string;
}

export declare class WsClient {
  constructor(url: string | string[] | ((attempt: number) => string), options?: WsClientOptions);
  readonly state: 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';
  readonly positions: Record<string, { epoch: string; offset: number }>;
  on<T = unknown>(type: string, handler: (event: ServerEvent<T>) => void): () => void;
  onState(handler: (state: WsState) => void): () => void;
  onRecovery(handler: (recovery: Recovery) => void): () => void;
  send(action: string, data?: unknown, options?: { queue?: boolean }): boolean;
  request<T = unknown>(action: string, data?: unknown, options?: { timeout?: number; queue?: boolean }): Promise<T>;
  close(code?: number, reason?: string): void;
}

/** The wait in ms before reconnect attempt n: random up to min(maxDelay, minDelay * 2^(n-1)). */
export declare function backoff(attempt: number, minDelay?: number, maxDelay?: number, random?: () => number): number;

/** Open a client: it connects at once and reconnects by itself. */
export declare function connect(url: string | string[] | ((attempt: number) => string), options?: WsClientOptions): WsClient;
