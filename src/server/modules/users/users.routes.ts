import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { User, UserCreate, UserUpdate } from '../../../shared/users.js';
import { Id, z } from '../../../shared/zod.js';
import { actorOf } from '../../http/auth-hook.js';
import type { UsersService } from './users.service.js';

export const usersRoutes: FastifyPluginAsyncZod<{ users: UsersService }> = async (app, { users }) => {
  const tags = ['users'];
  const params = z.object({ id: Id });

  app.get(
    '/api/users',
    { config: { access: 'admin' }, schema: { tags, summary: 'All users (admin)', response: { 200: z.array(User) } } },
    async (req) => users.list(actorOf(req)),
  );
  app.get('/api/users/:id', { schema: { tags, params, response: { 200: User } } }, async (req) =>
    users.get(actorOf(req), req.params.id),
  );
  app.post(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Create a user (admin)', body: UserCreate, response: { 201: User } },
    },
    async (req, reply) => reply.status(201).send(await users.create(actorOf(req), req.body)),
  );
  app.post(
    '/api/users/:id/unlock',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'End every log-in lock of a user, from any address (admin)',
        params,
        response: { 200: User },
      },
    },
    async (req) => users.unlock(actorOf(req), req.params.id),
  );
  app.patch(
    '/api/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Change a user: name, role, status, password, positions (admin)',
        params,
        body: UserUpdate,
        response: { 200: User },
      },
    },
    async (req) => users.update(actorOf(req), req.params.id, req.body),
  );
};
