import { createRoute, z } from '@hono/zod-openapi';
import { ValidationError } from '@karst/climate';
import { planSchema } from '@karst/energy';
import { whatIfKey } from '../budget-service.js';
import type { App, RouteContext } from '../deps.js';
import { ComputeGate } from '../http/compute-gate.js';
import { fieldErrors, problem } from '../http/problem.js';

const budgetResponse = {
  description: 'budget',
  content: { 'application/json': { schema: z.record(z.string(), z.unknown()).openapi('Budget') } },
};

export function registerBudget(app: App, ctx: RouteContext): void {
  // New what-if plans cost 27-650 ms of CPU each, on the one event loop: past this many at once, a new plan
  // is refused with 503 at once (the README's "Server limits" says why the default is 4), while cached
  // plans are still answered from the cache.
  const limit = ctx.config.KARST_BUDGET_MAX_COMPUTES;
  const computes = new ComputeGate<string>(limit);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/budget',
      tags: ['budget'],
      summary: 'This deployment’s plan and its budget (computed once at start)',
      responses: { 200: budgetResponse },
    }),
    (c) => c.json({ plan: ctx.budgets.plan, budget: ctx.budgets.deployment }),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/budget',
      tags: ['budget'],
      summary: 'The budget of a what-if plan (computed once per distinct plan)',
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: planSchema } },
        },
      },
      responses: {
        200: budgetResponse,
        400: { description: 'invalid plan (problem document naming each field)' },
        429: {
          description: 'this client asked for too many what-if budgets (problem document, retry-after)',
        },
        503: {
          description: `${limit} new plans are being computed already (problem document, retry-after); cached plans are still answered`,
        },
      },
    }),
    async (c) => {
      const plan = c.req.valid('json');
      const key = whatIfKey(plan);
      const cached = ctx.budgets.cachedWhatIf(key);
      if (cached !== undefined) return c.body(cached, 200, { 'content-type': 'application/json' });
      // Another request may have computed it while this one waited for its turn: the cache is read again.
      const computing = computes.run(
        key,
        () => ctx.budgets.cachedWhatIf(key) ?? ctx.budgets.computeWhatIf(key, plan),
      );
      if (computing === undefined) {
        c.header('retry-after', '1');
        return problem(c, 503, 'Too busy', {
          detail: `${limit} new what-if budgets are being computed already (KARST_BUDGET_MAX_COMPUTES); this plan was not started: retry after the time in the retry-after header (plans computed before are answered at once)`,
        });
      }
      try {
        return c.body(await computing, 200, { 'content-type': 'application/json' });
      } catch (error) {
        // A plan that passes its schema can still hold weather the model rejects: the client's mistake,
        // named by the fields the error names.
        if (error instanceof ValidationError) {
          return problem(c, 400, 'Invalid plan', {
            detail: error.message.slice(0, 2000),
            ...fieldErrors(error.issues),
          });
        }
        throw error;
      }
    },
  );
}
