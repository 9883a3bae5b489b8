/**
 * Who is calling, and may they: resolved once per request from the session cookie or a bearer
 * token. Every `/api` route must declare `config.roles` (or `config.public`); a route that
 * declares neither stops the server at start-up, so no route can forget its check.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../app.js';
import type { Role } from './roles.js';
import type { Principal } from './service.js';
import { tokenHash } from './secrets.js';
import { forbidden, unauthorized } from '../errors.js';
import { prismaAuthStore } from './prisma-store.js';
import type { Db } from '@waihu/db';
import { tenantClients } from '../tenancy.js';

export const SESSION_COOKIE = 'waihu_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    sessionToken: string | null;
    /** The database as this caller may see it: confined to their enterprise (see tenancy.ts). */
    scopedDb: Db | null;
  }
  interface FastifyContextConfig {
    /** Reachable without logging in (login, health, docs). */
    public?: boolean;
    /** Roles that may call the route. */
    roles?: readonly Role[];
  }
}

function tokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  return request.cookies[SESSION_COOKIE] ?? null;
}

/** The caller, for handlers behind a roles check (where there always is one). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}

/** The caller's view of the database; a platform admin's is the whole database. */
export function dbOf(request: FastifyRequest): Db {
  if (!request.scopedDb) throw unauthorized();
  return request.scopedDb;
}

/** The caller's enterprise, for tenant-owned data; platform admins have none. */
export function enterpriseOf(request: FastifyRequest): number {
  const p = principalOf(request);
  if (p.enterpriseId === null) throw forbidden('this needs an enterprise account');
  return p.enterpriseId;
}

export const authPlugin = fp(async (app: FastifyInstance, services: Pick<Services, 'db' | 'clock'>) => {
  const store = prismaAuthStore(services.db);
  const tenant = tenantClients(services.db);
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('scopedDb', null);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    const cfg = route.config as { public?: boolean; roles?: readonly Role[] } | undefined;
    if (!cfg?.public && !(cfg?.roles && cfg.roles.length > 0)) {
      throw new Error(`route ${String(route.method)} ${route.url} declares neither config.roles nor config.public`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const token = tokenOf(request);
    if (token) {
      const principal = await store.findSession(tokenHash(token), services.clock());
      if (principal) {
        request.principal = principal;
        request.sessionToken = token;
        request.scopedDb = principal.enterpriseId === null ? services.db : tenant(principal.enterpriseId);
      }
    }
    // Unknown URLs fall through to a 404; only matched /api routes are guarded.
    if (!request.url.startsWith('/api') || request.routeOptions.url === undefined) return;
    const cfg = request.routeOptions.config;
    if (cfg.public) return;
    if (!request.principal) throw unauthorized();
    if (!cfg.roles?.includes(request.principal.role)) throw forbidden();
  });
});
