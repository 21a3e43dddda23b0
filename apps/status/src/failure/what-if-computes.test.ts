// The global bound on what-if computes (issue 14), on the server as a process on loopback: POST /v1/budget is
// unauthenticated and a new plan costs 27-650 ms of CPU, so past KARST_BUDGET_MAX_COMPUTES new plans at once
// the server refuses more with 503 instead of queueing them all, and still answers plans it has cached.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServer } from './server-process.test-util.js';

const work = mkdtempSync(join(tmpdir(), 'karst-what-if-'));
let server: ServerProcess | undefined;

beforeAll(async () => {
  server = await startServer({
    dataPath: join(work, 'karst.sqlite'),
    // One compute at a time, and no per-client limit: every request here comes from one loopback client.
    env: { KARST_BUDGET_MAX_COMPUTES: '1', KARST_BUDGET_RATE_PER_MIN: '0' },
    startTimeoutMs: 240_000,
  });
}, 300_000); // the server computes the deployment's budget at start: seconds, many more on a busy CI machine
afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

function postBudget(plan: object): Promise<Response> {
  return fetch(`${server!.url}/v1/budget`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(plan),
  });
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/**
 * POST /v1/budget for each plan, pipelined on one connection in one write: the server parses them all in
 * one turn of its event loop and answers in order, so what arrives at once is decided by the test, not by
 * how fast the client or the server happens to be.
 */
function pipelinedBudgets(plans: readonly object[]): Promise<Answer[]> {
  const { port } = new URL(server!.url);
  const requests = plans.map((plan) => {
    const body = JSON.stringify(plan);
    return `POST /v1/budget HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  });
  return new Promise((resolve, reject) => {
    const answers: Answer[] = [];
    let data = Buffer.alloc(0);
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(requests.join('')));
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`connection closed after ${answers.length} answers`)));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      for (;;) {
        const end = data.indexOf('\r\n\r\n');
        if (end < 0) return;
        const [statusLine = '', ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
        const headers = Object.fromEntries(
          lines.map((line) => [
            line.slice(0, line.indexOf(':')).toLowerCase(),
            line.slice(line.indexOf(':') + 1).trim(),
          ]),
        );
        const length = Number(headers['content-length']);
        if (!Number.isFinite(length)) {
          reject(new Error(`an answer without content-length: ${statusLine}`));
          return;
        }
        if (data.length < end + 4 + length) return;
        const text = data.subarray(end + 4, end + 4 + length).toString('utf8');
        answers.push({ status: Number(statusLine.split(' ')[1]), headers, text });
        data = data.subarray(end + 4 + length);
        if (answers.length === plans.length) {
          socket.removeAllListeners('close');
          socket.destroy();
          resolve(answers);
          return;
        }
      }
    });
  });
}

const racksOf = (body: string) =>
  (JSON.parse(body) as { plan: { itPlan: { racks: number } } }).plan.itPlan.racks;

describe('POST /v1/budget: at most KARST_BUDGET_MAX_COMPUTES new plans at once', () => {
  it('refuses new plans past the bound with 503, retry-after and a problem, while cached plans answer', async () => {
    const cachedPlan = { itPlan: { racks: 40, kwPerRack: 5 } };
    const first = await postBudget(cachedPlan);
    expect(first.status).toBe(200);
    const cachedBody = await first.text();

    // 24 new plans, each with the cached plan after it, arriving together. With one compute admitted at a
    // time, the server admits the first and refuses the other new plans that arrive with it.
    const fresh = Array.from({ length: 24 }, (_, i) => ({ itPlan: { racks: 100 + i, kwPerRack: 5 } }));
    const answers = await pipelinedBudgets(fresh.flatMap((plan) => [plan, cachedPlan]));
    const responses = fresh.map((plan, i) => ({ plan, mine: answers[2 * i]!, cached: answers[2 * i + 1]! }));

    const refused = responses.filter(({ mine }) => mine.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const { mine } of refused) {
      expect(mine.headers['content-type']).toBe('application/problem+json');
      expect(mine.headers['retry-after']).toBe('1');
      const problem = JSON.parse(mine.text) as { status: number; title: string; detail: string };
      expect(problem).toMatchObject({ status: 503, title: 'Too busy' });
      expect(problem.detail).toContain('KARST_BUDGET_MAX_COMPUTES');
    }
    for (const { plan, mine, cached } of responses) {
      // A cached plan never waits for the bound: its stored body, byte for byte.
      expect(cached.status).toBe(200);
      expect(cached.text).toBe(cachedBody);
      expect([200, 503]).toContain(mine.status);
      if (mine.status === 200) expect(racksOf(mine.text)).toBe(plan.itPlan.racks);
    }

    // Refused, not lost: each refused plan, asked again on its own, is computed.
    for (const { plan } of refused) {
      const again = await postBudget(plan);
      expect(again.status).toBe(200);
      expect(racksOf(await again.text())).toBe(plan.itPlan.racks);
    }
  }, 300_000); // up to 48 budgets of up to 650 ms each, one at a time, on a busy CI machine

  it('lets identical new plans arriving together share one compute instead of refusing them', async () => {
    const plan = { itPlan: { racks: 77, kwPerRack: 5 } };
    const answers = await pipelinedBudgets(Array.from({ length: 8 }, () => plan));
    expect(answers.map(({ status }) => status)).toEqual(Array(8).fill(200));
    expect(new Set(answers.map(({ text }) => text)).size).toBe(1);
    expect(racksOf(answers[0]!.text)).toBe(77);
  }, 300_000); // one budget, on a busy CI machine

  it('keeps answering /livez while a burst of new plans is refused and computed', async () => {
    const burst = Array.from({ length: 8 }, (_, i) =>
      postBudget({ itPlan: { racks: 200 + i, kwPerRack: 5 } }),
    );
    const livez = await fetch(`${server!.url}/livez`);
    expect(livez.status).toBe(200);
    for (const response of await Promise.all(burst)) expect([200, 503]).toContain(response.status);
  }, 300_000); // eight budgets of up to 650 ms each on a busy CI machine
});
