import { ApiKey, ApiKeyInput, CreatedApiKey } from '../api-keys.js';
import { AuditEntry, AuditQuery } from '../audit.js';
import { LoginInput, PasswordChangeInput, SessionInfo, SetupInput, SetupStatus } from '../auth.js';
import { DemoInput, DemoResult } from '../demo.js';
import { PositionIntake, PositionIntakeInput } from '../intake.js';
import {
  Position,
  PositionAccountsInput,
  PositionInput,
  PositionPropertiesInput,
  PositionUpdate,
} from '../positions.js';
import { User, UserCreate, UserUpdate } from '../users.js';
import { pageOf, z } from '../zod.js';
import type { EndpointTable } from './endpoint.js';

/** Signing in, the first run, users, positions, API keys and the audit log. */
export const peopleEndpoints = {
  'GET /api/auth/me': { response: SessionInfo },
  'POST /api/auth/login': { body: LoginInput, response: SessionInfo },
  'POST /api/auth/logout': {},
  'POST /api/auth/password': { body: PasswordChangeInput },
  'GET /api/setup': { response: SetupStatus },
  'POST /api/setup': { body: SetupInput, status: 201, response: User },
  'POST /api/demo': { body: DemoInput, response: DemoResult },

  'GET /api/users': { response: z.array(User) },
  'GET /api/users/:id': { response: User },
  'POST /api/users': { body: UserCreate, status: 201, response: User },
  'PATCH /api/users/:id': { body: UserUpdate, response: User },
  'POST /api/users/:id/unlock': { response: User },

  'GET /api/positions': { response: z.array(Position) },
  'GET /api/positions/:id': { response: Position },
  'POST /api/positions': { body: PositionInput, status: 201, response: Position },
  'PATCH /api/positions/:id': { body: PositionUpdate, response: Position },
  'DELETE /api/positions/:id': {},
  'PUT /api/positions/:id/properties': { body: PositionPropertiesInput, response: Position },
  'PUT /api/positions/:id/accounts': { body: PositionAccountsInput, response: Position },
  'GET /api/positions/:id/intake': { response: PositionIntake },
  'PUT /api/positions/:id/intake': { body: PositionIntakeInput, response: PositionIntake },

  'GET /api/api-keys': { response: z.array(ApiKey) },
  'POST /api/api-keys': { body: ApiKeyInput, status: 201, response: CreatedApiKey },
  'DELETE /api/api-keys/:id': {},

  'GET /api/audit': { query: AuditQuery, response: pageOf(AuditEntry) },
} satisfies EndpointTable;
