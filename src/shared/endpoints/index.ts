import type { EndpointTable } from './endpoint.js';
import { peopleEndpoints } from './people.js';
import { registryEndpoints } from './registry.js';
import { sendingEndpoints } from './sending.js';
import { settingsEndpoints } from './settings.js';

/** Every endpoint the web app calls (endpoint.ts says what an entry holds). */
export const endpoints = {
  ...peopleEndpoints,
  ...settingsEndpoints,
  ...registryEndpoints,
  ...sendingEndpoints,
} satisfies EndpointTable;

export type Endpoints = typeof endpoints;
export type EndpointKey = keyof Endpoints & string;
