import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvSchema, loadConfig } from '../src/server/config.js';
import { MAIN_THREAD_NODE_FLAG } from '../src/server/lib/heap.js';

/**
 * The files an administrator copies to a server (deploy/, docs/operations.md): the systemd units pass
 * `systemd-analyze verify` without a word (an unknown or misspelt key is only a warning there, so any output fails),
 * and the environment file names only settings Listonosz knows and parses as a valid configuration.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const UNITS = ['deploy/systemd/listonosz-serve.service', 'deploy/systemd/listonosz-worker@.service'];
const hasSystemd = existsSync('/usr/bin/systemd-analyze');

describe('deployment files', () => {
  it.runIf(hasSystemd)('the systemd units verify without a warning', () => {
    for (const unit of UNITS) {
      const run = spawnSync('systemd-analyze', ['verify', path.join(ROOT, unit)], { encoding: 'utf8' });
      expect({ unit, status: run.status, output: `${run.stdout}${run.stderr}`.trim() }).toEqual({
        unit,
        status: 0,
        output: '',
      });
    }
  });

  it('the units run the built CLI with the environment file, sandboxed, restarted on failure', () => {
    for (const [unit, command] of [
      [UNITS[0], 'serve'],
      [UNITS[1], 'worker'],
    ] as const) {
      const text = readFileSync(path.join(ROOT, unit as string), 'utf8');
      expect(text).toContain(
        `ExecStart=/usr/bin/node ${MAIN_THREAD_NODE_FLAG} /opt/listonosz/dist/server/main.js ${command}`,
      );
      for (const line of [
        'EnvironmentFile=/etc/listonosz/listonosz.env',
        'NoNewPrivileges=yes',
        'ProtectSystem=strict',
        'ReadWritePaths=/var/lib/listonosz',
        'Restart=on-failure',
      ]) {
        expect(text).toContain(line);
      }
    }
  });

  it("every way a Listonosz process starts gives node the main thread's semi-space limit (D88)", () => {
    // V8 sizes the main thread's young generation when the process starts: the flag must be on the command line.
    const scripts = (
      JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.start).toContain(`node ${MAIN_THREAD_NODE_FLAG} dist/server/main.js start`);
    // The benchmark of the document path runs as production does (D84), with the same flag.
    expect(scripts['bench:generate']).toContain(`node ${MAIN_THREAD_NODE_FLAG} dist-bench/bench/generate.js`);
    const bin = readFileSync(path.join(ROOT, 'bin/listonosz.js'), 'utf8');
    expect(bin.split('\n')[0]).toBe(`#!/usr/bin/env -S node ${MAIN_THREAD_NODE_FLAG}`);
  });

  it('the environment file names only known settings, and they make a valid configuration', () => {
    const text = readFileSync(path.join(ROOT, 'deploy/listonosz.env.example'), 'utf8');
    const env = Object.fromEntries(
      text
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const known = new Set(Object.keys(EnvSchema.shape));
    expect(Object.keys(env).filter((k) => !known.has(k))).toEqual([]);
    const filled = {
      ...env,
      LISTONOSZ_SECRET_KEY: execFileSync('openssl', ['rand', '-base64', '32'], { encoding: 'utf8' }).trim(),
    };
    const config = loadConfig(filled);
    expect(config).toMatchObject({ trustProxy: true, capture: { enabled: false }, database: { dialect: 'postgres' } });
  });
});
