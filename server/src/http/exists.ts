/**
 * `preValidation` for `/…/:id` routes that take a body: a row the caller's enterprise does not
 * have is a 404 before any complaint about the body, so a malformed body never tells another
 * tenant's ids apart from missing ones (the security test walks every route for this).
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '@waihu/db';
import { dbOf } from '../auth/plugin.js';
import { notFound } from '../errors.js';

export function mustExist(what: string, find: (db: Db, id: number) => Promise<unknown>): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const id = Number((request.params as { id?: unknown }).id);
    if (!Number.isSafeInteger(id) || id < 1) return; // the params schema answers this one
    if (!(await find(dbOf(request), id))) throw notFound(what);
  };
}
