/**
 * Small UDP and listener helpers for the session, kept apart so the session file holds only
 * the call's media logic. Sockets made here are counted in `openResources()`.
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { trackResource } from './resources.js';

/** A UDP/IPv4 socket, counted as open until `closeSocket` finishes. */
export function createCountedSocket(): Socket {
  const socket = createSocket('udp4');
  trackResource('sockets', 1);
  return socket;
}

/** Adds `listener` to `list`; returns the function that removes it (safe to call twice). */
export function addListener<T>(list: T[], listener: T): () => void {
  list.push(listener);
  return () => {
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
  };
}

/** Binds a UDP socket, turning a bind error into a rejection instead of an 'error' event. */
export function bindSocket(socket: Socket, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    socket.once('error', onError);
    socket.bind(port, address, () => {
      socket.off('error', onError);
      resolve();
    });
  });
}

/** Closes a socket made by `createCountedSocket` and uncounts it once the handle is gone. */
export function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => { trackResource('sockets', -1); resolve(); });
    } catch {
      // Already closed (a failed bind can close it): count it as released once.
      trackResource('sockets', -1);
      resolve();
    }
  });
}
