// The global bound on what-if computes (issue 14), on the server as a process on loopback: POST /v1/budget is
// unauthenticated and a new plan costs 27-650 ms of CPU, so past KARST_BUDGET_MAX_COMPUTES new plans at once
// the server refuses more with 503 instead of queueing them all, and still answers plans it has cached.
import { mkdtempSync, rmSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
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
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * A POST /v1/budget on a connection of its own whose body is sent but for its last byte: `sent` resolves when
 * the server has all the rest, `release()` sends the last byte. Releasing many in one loop lets the server
 * read their bodies complete in one turn of its event loop, so the test decides what runs at once, not the
 * client's or the server's speed.
 */
function heldPost(plan: object): { sent: Promise<void>; release: () => void; answer: Promise<Answer> } {
  const body = Buffer.from(JSON.stringify(plan));
  const req = request(`${server!.url}/v1/budget`, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': body.length },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, text }));
      response.on('error', reject);
    });
  });
  const sent = new Promise<void>((resolve, reject) =>
    req.write(body.subarray(0, -1), (error) => (error ? reject(error) : resolve())),
  );
  return { sent, release: () => req.end(body.subarray(-1)), answer };
}

const racksOf = (body: string) =>
  (JSON.parse(body) as { plan: { itPlan: { racks: number } } }).plan.itPlan.racks;

describe('POST /v1/budget: at most KARST_BUDGET_MAX_COMPUTES new plans at once', () => {
  it('refuses new plans past the bound with 503, retry-after and a problem, while cached plans answer', async () => {
    const cachedPlan = { itPlan: { racks: 40, kwPerRack: 5 } };
    const first = await postBudget(cachedPlan);
    expect(first.status).toBe(200);
    const cachedBody = await first.text();

    // 24 new plans, each with the cached plan beside it, their bodies completed at the same moment. With one
    // compute admitted at a time, the server refuses every new plan that arrives while another is admitted.
    const fresh = Array.from({ length: 24 }, (_, i) => ({ itPlan: { racks: 100 + i, kwPerRack: 5 } }));
    const held = fresh.map((plan) => ({ plan, mine: heldPost(plan), cached: heldPost(cachedPlan) }));
    await Promise.all(held.flatMap(({ mine, cached }) => [mine.sent, cached.sent]));
    for (const { mine, cached } of held) {
      mine.release();
      cached.release();
    }
    const responses = await Promise.all(
      held.map(async ({ plan, mine, cached }) => ({
        plan,
        mine: await mine.answer,
        cached: await cached.answer,
      })),
    );

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
    const held = Array.from({ length: 8 }, () => heldPost(plan));
    await Promise.all(held.map(({ sent }) => sent));
    for (const { release } of held) release();
    const answers = await Promise.all(held.map(({ answer }) => answer));
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
